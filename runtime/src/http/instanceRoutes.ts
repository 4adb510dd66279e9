import type { ListFilter, OrchestrationStatus } from '../api/types';
import { InstanceNotFoundError } from '../api/errors';
import { checkStatusReply, RETRY_AFTER_RUNNING } from './checkStatus';
import { HttpError } from './httpError';
import { durableFunctionsHistory, ownHistory, type HistoryViewOptions } from './historyView';
import { readJsonBody } from './jsonBody';
import { CONTINUATION_HEADER, listPage } from './listPaging';
import { booleanParam, dateParam, statusesParam, topParam } from './queryParams';
import { allow, type ApiRequest, type Reply, type Route } from './routing';

/** Durable Functions lists 100 instances a page unless told otherwise; its client follows the continuation tokens. */
const DURABLE_FUNCTIONS_PAGE_SIZE = 100;

/** `{base}/instances[/{id}[/{operation}[/{event}]]]`: status, list, purge, and the commands on an instance. */
export const instanceRoutes: Route = (api) => {
  const [collection, instanceId, operation, eventName, ...rest] = api.segments;
  if (collection !== 'instances' || api.surface === 'trigger' || rest.length) return undefined;
  if (instanceId === undefined) return api.method === 'DELETE' ? purgeBy(api) : list(api);
  if (operation === undefined) return api.method === 'DELETE' ? purge(api, instanceId) : status(api, instanceId);
  return command(api, instanceId, operation, eventName);
};

async function status(api: ApiRequest, instanceId: string): Promise<Reply> {
  allow(api.method, ['GET', 'DELETE']);
  const params = api.url.searchParams;
  const showHistory = booleanParam(params, 'showHistory', false);
  const view = historyView(api);
  const status = await api.client.getStatus(instanceId, { showHistory, showInput: view.showInput });
  if (!status) throw new InstanceNotFoundError(instanceId);
  const body = status.historyEvents ? withHistory(api, status, view) : status;
  // 200 when completed, 202 while it can still make progress (poll again, as Location and Retry-After say), 400 when failed or terminated.
  if (status.runtimeStatus === 'Completed') return { status: 200, body };
  if (status.runtimeStatus === 'Failed' || status.runtimeStatus === 'Terminated') return { status: 400, body };
  return { status: 202, body, headers: { Location: `${api.baseUrl}${api.url.pathname}${api.url.search}`, 'Retry-After': RETRY_AFTER_RUNNING } };
}

function historyView(api: ApiRequest): HistoryViewOptions {
  const params = api.url.searchParams;
  // Durable Functions leaves results out unless asked; durable-ts's own readers (the explorer, the CLI) want them.
  return { showInput: booleanParam(params, 'showInput', true), showOutput: booleanParam(params, 'showHistoryOutput', !api.durableFunctionsClient) };
}

function withHistory(api: ApiRequest, status: OrchestrationStatus, view: HistoryViewOptions): unknown {
  if (!api.durableFunctionsClient) return { ...status, historyEvents: ownHistory(status.historyEvents!, view) };
  const history = durableFunctionsHistory(status.historyEvents!, view);
  // Durable Functions sends `historyEvents`; its JavaScript client reads `history`: both, so its users see it.
  return { ...status, historyEvents: history, history };
}

async function list(api: ApiRequest): Promise<Reply> {
  allow(api.method, ['GET', 'DELETE']);
  const params = api.url.searchParams;
  const { statuses, matchesNothing } = statusesParam(params);
  const filter: ListFilter = { runtimeStatus: statuses, createdTimeFrom: dateParam(params, 'createdTimeFrom'), createdTimeTo: dateParam(params, 'createdTimeTo') };
  const name = params.get('name');
  if (name) filter.name = name;
  const prefix = params.get('instanceIdPrefix');
  if (prefix) filter.instanceIdPrefix = prefix;
  const showInput = booleanParam(params, 'showInput', true);
  const top = topParam(params);
  const token = api.request.headers[CONTINUATION_HEADER];
  if (Array.isArray(token)) throw new HttpError(400, `Send one ${CONTINUATION_HEADER} header, not several.`);
  if (matchesNothing) return { status: 200, body: [] };
  const pageSize = top || (api.durableFunctionsClient || token !== undefined ? DURABLE_FUNCTIONS_PAGE_SIZE : undefined);
  const page = pageSize === undefined ? { statuses: await api.client.list(filter), next: undefined } : await listPage(api.client, filter, pageSize, token);
  const body = showInput ? page.statuses : page.statuses.map((status) => ({ ...status, input: null }));
  return { status: 200, body, headers: page.next ? { [CONTINUATION_HEADER]: page.next } : {} };
}

async function purge(api: ApiRequest, instanceId: string): Promise<Reply> {
  if (!(await api.client.purge(instanceId))) throw new InstanceNotFoundError(instanceId);
  return { status: 200, body: { instancesDeleted: 1 } };
}

/** Durable Functions' purge by filter: `createdTimeFrom` required, `createdTimeTo` (now) and `runtimeStatus` optional; 404 when nothing matched. */
async function purgeBy(api: ApiRequest): Promise<Reply> {
  const params = api.url.searchParams;
  const createdTimeFrom = dateParam(params, 'createdTimeFrom');
  if (!createdTimeFrom) throw new HttpError(400, "Purging by filter needs createdTimeFrom (and optionally createdTimeTo and runtimeStatus); to purge one instance, DELETE .../instances/{instanceId}.");
  const createdTimeTo = dateParam(params, 'createdTimeTo');
  const { statuses, matchesNothing } = statusesParam(params);
  const deleted = matchesNothing ? 0 : await api.client.purgeInstances({ createdTimeFrom, createdTimeTo, runtimeStatus: statuses });
  if (deleted === 0) return { status: 404, body: { error: 'No instance matched the filter; nothing was purged.' } };
  return { status: 200, body: { instancesDeleted: deleted } };
}

async function command(api: ApiRequest, instanceId: string, operation: string, eventName: string | undefined): Promise<Reply> {
  if (operation !== 'raiseEvent' && eventName !== undefined) throw new HttpError(404, `No such endpoint: ${api.method} ${api.url.pathname}`);
  const reason = api.url.searchParams.get('reason') ?? undefined;
  const client = api.client;
  switch (operation) {
    case 'raiseEvent':
      allow(api.method, ['POST']);
      if (!eventName) throw new HttpError(400, 'The event name is missing: POST .../raiseEvent/{eventName}.');
      await client.raiseEvent(instanceId, eventName, await readJsonBody(api.request));
      return { status: 202 };
    case 'terminate':
      allow(api.method, ['POST']);
      await client.terminate(instanceId, reason);
      return { status: 202 };
    case 'suspend':
      allow(api.method, ['POST']);
      await client.suspend(instanceId, reason);
      return { status: 202 };
    case 'resume':
      allow(api.method, ['POST']);
      await client.resume(instanceId, reason);
      return { status: 202 };
    case 'rewind':
      allow(api.method, ['POST']);
      await client.rewind(instanceId, reason);
      return { status: 202 };
    case 'restart': {
      allow(api.method, ['POST']);
      const restartWithNewInstanceId = booleanParam(api.url.searchParams, 'restartWithNewInstanceId', true);
      const restarted = await client.restart(instanceId, { restartWithNewInstanceId });
      return checkStatusReply(api.baseUrl, restarted, api.key);
    }
    default:
      throw new HttpError(404, `No such endpoint: ${api.method} ${api.url.pathname}`);
  }
}
