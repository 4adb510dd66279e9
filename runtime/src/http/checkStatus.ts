import { WEBHOOK_PATH, type Reply } from './routing';

/** The one task hub `serve` serves, named in the URLs it hands out as Durable Functions names its own. */
export const TASK_HUB = 'DurableTs';
/** The connection name those URLs carry; a store has no other, so any value a client sends is taken. */
export const CONNECTION = 'Storage';
/** Seconds a poller is asked to wait, as Durable Functions asks: 10 after a start, 5 while an instance runs. */
export const RETRY_AFTER_START = '10';
export const RETRY_AFTER_RUNNING = '5';

/**
 * The management URLs of an instance, in Durable Functions' shape: each carries the query string (task hub,
 * connection, and the key when the server requires one, as the request just proved it holds), so a client that
 * appends `&showHistory=true` or follows them as they are reaches the instance.
 */
export function managementUrls(baseUrl: string, instanceId: string, key: string | undefined) {
  const instance = `${baseUrl}${WEBHOOK_PATH}/instances/${encodeURIComponent(instanceId)}`;
  const query = [`taskHub=${TASK_HUB}`, `connection=${CONNECTION}`, ...(key === undefined ? [] : [`code=${encodeURIComponent(key)}`])].join('&');
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}

/** 202 with the check-status payload, `Location` (where to poll) and `Retry-After`, as Durable Functions answers a start. */
export function checkStatusReply(baseUrl: string, instanceId: string, key: string | undefined): Reply {
  const payload = managementUrls(baseUrl, instanceId, key);
  return { status: 202, body: payload, headers: { Location: payload.statusQueryGetUri, 'Retry-After': RETRY_AFTER_START } };
}
