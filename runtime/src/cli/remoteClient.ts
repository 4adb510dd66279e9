import type { ListFilter, OrchestrationStatus } from '../api/types';
import { DurableError, InstanceAlreadyExistsError, InstanceFinishedError, InstanceNotFailedError, InstanceNotFoundError, InvalidInputError } from '../api/errors';
import type { CleanEntityStorageResult, EntityId, EntityMetadata, EntityQuery, EntityStateResponse } from '../entities/types';

/** The management commands, as both a local store client and a serving process's HTTP API provide them. */
export interface ManagementClient {
  getStatus(instanceId: string, options?: { showHistory?: boolean }): Promise<OrchestrationStatus | undefined>;
  list(filter?: ListFilter): Promise<OrchestrationStatus[]>;
  raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void>;
  terminate(instanceId: string, reason?: string): Promise<void>;
  suspend(instanceId: string, reason?: string): Promise<void>;
  resume(instanceId: string, reason?: string): Promise<void>;
  purge(instanceId: string): Promise<boolean>;
  rewind(instanceId: string, reason?: string): Promise<void>;
  restart(instanceId: string, options?: { restartWithNewInstanceId?: boolean }): Promise<string>;
  signalEntity(entity: EntityId, operation: string, input?: unknown): Promise<void>;
  readEntityState(entity: EntityId): Promise<EntityStateResponse<unknown>>;
  listEntities(query?: EntityQuery): Promise<EntityMetadata[]>;
  cleanEntityStorage(): Promise<CleanEntityStorageResult>;
}

/** How long a request waits for the server's answer, unless DURABLE_TS_REMOTE_TIMEOUT_MS says otherwise. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 10_000;

/**
 * Manage instances through the HTTP API of the process that owns the store. A request gives up after a bounded
 * time: the owner may be a debug session stopped at a breakpoint, whose event loop answers nothing until it goes on.
 */
export class RemoteClient implements ManagementClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly baseUrl: string,
    timeoutMs?: number,
  ) {
    this.timeoutMs = timeoutMs ?? remoteTimeoutFromEnvironment();
  }

  async getStatus(instanceId: string, options: { showHistory?: boolean } = {}): Promise<OrchestrationStatus | undefined> {
    const response = await this.request('GET', `${this.instance(instanceId)}${options.showHistory ? '?showHistory=true' : ''}`);
    if (response.status === 404) return undefined;
    // Failed and terminated instances answer 400 with their status; any other refusal is an error.
    if (response.status !== 400) await this.check(response, instanceId);
    return (await response.json()) as OrchestrationStatus;
  }

  async list(filter: ListFilter = {}): Promise<OrchestrationStatus[]> {
    const params = new URLSearchParams();
    if (filter.runtimeStatus) params.set('runtimeStatus', filter.runtimeStatus.join(','));
    if (filter.name) params.set('name', filter.name);
    if (filter.instanceIdPrefix) params.set('instanceIdPrefix', filter.instanceIdPrefix);
    if (filter.createdTimeFrom) params.set('createdTimeFrom', filter.createdTimeFrom.toISOString());
    if (filter.createdTimeTo) params.set('createdTimeTo', filter.createdTimeTo.toISOString());
    if (filter.top !== undefined) params.set('top', String(filter.top));
    const response = await this.expectOk('GET', `${this.baseUrl}/runtime/webhooks/durabletask/instances?${params}`, undefined, '');
    return (await response.json()) as OrchestrationStatus[];
  }

  /** Start an instance of `name` in the serving process; resolves with its id. */
  async start(name: string, input?: unknown, options: { instanceId?: string } = {}): Promise<string> {
    const path = `/api/orchestrators/${encodeURIComponent(name)}${options.instanceId ? `/${encodeURIComponent(options.instanceId)}` : ''}`;
    const response = await this.request('POST', `${this.baseUrl}${path}`, input);
    // 404 names an unknown orchestration here, 409 a running instance of that id: the server's message says which.
    if (response.status === 404 || response.status === 409) throw new DurableError(await errorMessage(response));
    await this.check(response, options.instanceId ?? name);
    return ((await response.json()) as { id: string }).id;
  }

  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void> {
    await this.expectOk('POST', `${this.instance(instanceId)}/raiseEvent/${encodeURIComponent(eventName)}`, data, instanceId);
  }

  async terminate(instanceId: string, reason?: string): Promise<void> {
    await this.expectOk('POST', `${this.instance(instanceId)}/terminate${reasonQuery(reason)}`, undefined, instanceId);
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    await this.expectOk('POST', `${this.instance(instanceId)}/suspend${reasonQuery(reason)}`, undefined, instanceId);
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    await this.expectOk('POST', `${this.instance(instanceId)}/resume${reasonQuery(reason)}`, undefined, instanceId);
  }

  async purge(instanceId: string): Promise<boolean> {
    const response = await this.request('DELETE', this.instance(instanceId));
    if (response.status === 404) return false;
    await this.check(response, instanceId);
    return true;
  }

  async rewind(instanceId: string, reason?: string): Promise<void> {
    await this.expectOk('POST', `${this.instance(instanceId)}/rewind${reasonQuery(reason)}`, undefined, instanceId);
  }

  async restart(instanceId: string, options: { restartWithNewInstanceId?: boolean } = {}): Promise<string> {
    const query = options.restartWithNewInstanceId === false ? '?restartWithNewInstanceId=false' : '';
    const response = await this.expectOk('POST', `${this.instance(instanceId)}/restart${query}`, undefined, instanceId);
    return ((await response.json()) as { id: string }).id;
  }

  async signalEntity(entity: EntityId, operation: string, input?: unknown): Promise<void> {
    const response = await this.request('POST', `${this.entity(entity)}?op=${encodeURIComponent(operation)}`, input);
    if (response.status === 404) throw new DurableError(await errorMessage(response));
    await this.check(response, '');
  }

  async readEntityState(entity: EntityId): Promise<EntityStateResponse<unknown>> {
    const response = await this.request('GET', this.entity(entity));
    if (response.status === 404) return { entityExists: false, entityState: undefined };
    await this.check(response, '');
    return { entityExists: true, entityState: await response.json() };
  }

  async listEntities(query: EntityQuery = {}): Promise<EntityMetadata[]> {
    const params = new URLSearchParams();
    if (query.fetchState) params.set('fetchState', 'true');
    if (query.includeDeleted) params.set('includeDeleted', 'true');
    if (query.keyPrefix) params.set('keyPrefix', query.keyPrefix);
    if (query.top !== undefined) params.set('top', String(query.top));
    const name = query.name === undefined ? '' : `/${encodeURIComponent(query.name)}`;
    const response = await this.expectOk('GET', `${this.baseUrl}/runtime/webhooks/durabletask/entities${name}?${params}`, undefined, '');
    const items = (await response.json()) as { entityId: EntityId; lastOperationTime: string; lockedBy?: string; backlogQueueSize?: number; state?: unknown }[];
    return items.map(({ entityId, lastOperationTime, lockedBy, backlogQueueSize, state }) => ({ id: entityId, lastOperationTime, backlogQueueSize: backlogQueueSize ?? 0, ...(lockedBy ? { lockedBy } : {}), ...(query.fetchState ? { state } : {}) }));
  }

  async cleanEntityStorage(): Promise<CleanEntityStorageResult> {
    const response = await this.expectOk('DELETE', `${this.baseUrl}/runtime/webhooks/durabletask/entities`, undefined, '');
    return (await response.json()) as CleanEntityStorageResult;
  }

  private entity(entity: EntityId): string {
    return `${this.baseUrl}/runtime/webhooks/durabletask/entities/${encodeURIComponent(entity.name)}/${encodeURIComponent(entity.key)}`;
  }

  private instance(instanceId: string): string {
    return `${this.baseUrl}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`;
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    // A server that requires a key gets the one this shell holds, as serve itself reads it.
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (process.env.DURABLE_TS_KEY) headers['x-functions-key'] = process.env.DURABLE_TS_KEY;
    let response: Response;
    try {
      response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers, signal: AbortSignal.timeout(this.timeoutMs) });
      // The body is read within the same time limit: a server can stop between the head and the body.
      const text = await response.text();
      return new Response(text || null, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new DurableError(this.timeoutMessage(method));
      throw new DurableError(`Cannot reach the durable-ts server at ${this.baseUrl} that owns the store: ${(error as Error).message}`);
    }
  }

  private timeoutMessage(method: string): string {
    const seconds = this.timeoutMs >= 1000 ? `${this.timeoutMs / 1000} s` : `${this.timeoutMs} ms`;
    const pending = method === 'GET' ? '' : ' The request may still take effect when it answers: check with `durable-ts status`.';
    return (
      `The durable-ts server at ${this.baseUrl} that owns the store did not answer within ${seconds}. A debug session stopped ` +
      `at a breakpoint answers nothing until you continue it; otherwise the server is stuck or overloaded.${pending} ` +
      '(DURABLE_TS_REMOTE_TIMEOUT_MS sets the limit in milliseconds.)'
    );
  }

  private async expectOk(method: string, url: string, body: unknown, instanceId: string): Promise<Response> {
    return this.check(await this.request(method, url, body), instanceId);
  }

  private async check(response: Response, instanceId: string): Promise<Response> {
    if (response.ok) return response;
    const message = await errorMessage(response);
    if (response.status === 404) throw new InstanceNotFoundError(instanceId);
    if (response.status === 410) throw new InstanceFinishedError(instanceId, (await this.getStatus(instanceId))?.runtimeStatus ?? 'finished');
    if (response.status === 400) throw new InvalidInputError(message);
    if (response.status === 409) throw new InstanceAlreadyExistsError(instanceId, (await this.getStatus(instanceId))?.runtimeStatus ?? 'running');
    if (response.status === 412) throw new InstanceNotFailedError(instanceId, (await this.getStatus(instanceId))?.runtimeStatus ?? 'not Failed');
    if (response.status === 401) throw new DurableError(`${message} Set DURABLE_TS_KEY to the key the server at ${this.baseUrl} was started with.`);
    throw new DurableError(`The server answered ${response.status}: ${message}`);
  }
}

function remoteTimeoutFromEnvironment(): number {
  const text = process.env.DURABLE_TS_REMOTE_TIMEOUT_MS;
  if (text === undefined || text === '') return DEFAULT_REMOTE_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidInputError(`DURABLE_TS_REMOTE_TIMEOUT_MS must be a positive whole number of milliseconds, got '${text}'.`);
  return value;
}

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json().catch(() => ({}))) as { error?: string }).error ?? response.statusText;
}

function reasonQuery(reason: string | undefined): string {
  return reason ? `?reason=${encodeURIComponent(reason)}` : '';
}
