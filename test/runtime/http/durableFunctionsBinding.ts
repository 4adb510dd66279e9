import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

export type Mode = 'rpc' | 'webhook';
const WEBHOOK = '/runtime/webhooks/durabletask';

/**
 * The binding data the Functions host hands a durable client input (docs/durable-functions-client.md): webhook
 * URLs with the task hub, connection and key in their query strings, and in rpc mode the local RPC base URL.
 */
function bindingData(serveUrl: string, mode: Mode, key?: string) {
  const code = key === undefined ? '' : `code=${key}`;
  const query = ['taskHub=DurableTs', 'connection=Storage', code].filter(Boolean).join('&');
  const instance = `${serveUrl}${WEBHOOK}/instances/INSTANCEID`;
  return {
    taskHubName: 'DurableTs',
    creationUrls: {
      createNewInstancePostUri: `${serveUrl}${WEBHOOK}/orchestrators/{functionName}[/{instanceId}]?${code}`,
      createAndWaitOnNewInstancePostUri: `${serveUrl}${WEBHOOK}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: `${serveUrl}${WEBHOOK}`,
    requiredQueryStringParameters: query,
    ...(mode === 'rpc' ? { rpcBaseUrl: `${serveUrl}/durabletask/` } : {}),
  };
}

/** The client the supported way: a function's context with a durable client input, holding the host's binding data. */
export function durableClient(serveUrl: string, mode: Mode, key?: string): df.DurableClient {
  const input = df.input.durableClient();
  const context = new InvocationContext({ options: { extraInputs: [input] } });
  context.extraInputs.set(input, bindingData(serveUrl, mode, key));
  // As in Azure: the host's name, so the client does not rewrite the URLs to localhost:7071 (what it does locally).
  process.env.WEBSITE_HOSTNAME = new URL(serveUrl).host;
  return df.getClient(context);
}
