import type { ListFilter, RuntimeStatus } from '../../api/types';
import { InstanceNotFoundError } from '../../api/errors';
import { runtimeStatuses } from '../../http/httpApi';
import { resolveStorePath } from '../../store/storePath';
import { jsonOption, parse } from '../options';
import type { ManagementClient } from '../remoteClient';
import { withStoreClient } from '../storeClient';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

type Action = (client: ManagementClient, positionals: string[], values: Record<string, string | boolean | undefined>, io: CliIo) => Promise<number>;

/** `readOnly`: the command only reads, so it never writes the store's files (no recovery folded in, no upgrade). */
const actions: Record<string, { options: Parameters<typeof parse>[1]; positionals: string[]; readOnly?: boolean; run: Action }> = {
  status: {
    options: { 'show-history': { type: 'boolean' } },
    positionals: ['instanceId'],
    readOnly: true,
    run: async (client, [id], values, io) => {
      const status = await client.getStatus(id, { showHistory: values['show-history'] === true });
      if (!status) throw new InstanceNotFoundError(id);
      io.stdout(JSON.stringify(status, null, 2));
      return 0;
    },
  },
  history: {
    options: { format: { type: 'string' } },
    positionals: ['instanceId'],
    readOnly: true,
    run: async (client, [id], values, io) => {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'.`);
      const status = await client.getStatus(id, { showHistory: true });
      if (!status) throw new InstanceNotFoundError(id);
      if (format === 'json') {
        // What a debug session replays (`replay: { historyFile }`): the HTTP API's history, with the instance named.
        const { instanceId, name, runtimeStatus, version, historyEvents } = status;
        io.stdout(JSON.stringify({ instanceId, name, runtimeStatus, version, historyEvents: historyEvents ?? [] }, null, 2));
        return 0;
      }
      for (const event of status.historyEvents ?? []) {
        const detail = [event.Name, event.TaskId !== undefined ? `#${event.TaskId}` : '', event.TaskScheduledId !== undefined ? `→ #${event.TaskScheduledId}` : '', event.Result ?? event.Input ?? '']
          .filter(Boolean)
          .join(' ');
        io.stdout(`${String(event.EventId).padStart(5)}  ${event.Timestamp}  ${event.EventType}${detail ? `  ${detail}` : ''}`);
      }
      return 0;
    },
  },
  list: {
    options: { status: { type: 'string' }, name: { type: 'string' }, prefix: { type: 'string' }, top: { type: 'string' } },
    positionals: [],
    readOnly: true,
    run: async (client, _positionals, values, io) => {
      const filter: ListFilter = {};
      if (typeof values.status === 'string') filter.runtimeStatus = statusOption(values.status);
      if (typeof values.name === 'string') filter.name = values.name;
      if (typeof values.prefix === 'string') filter.instanceIdPrefix = values.prefix;
      if (typeof values.top === 'string') {
        if (!/^\d+$/.test(values.top)) throw new UsageError(`--top must be a non-negative integer, got '${values.top}'.`);
        filter.top = Number(values.top);
      }
      for (const status of await client.list(filter)) {
        io.stdout(`${status.instanceId}  ${status.name}  ${status.runtimeStatus}  ${status.createdTime}${status.version ? `  version ${status.version}` : ''}`);
      }
      return 0;
    },
  },
  raise: {
    options: { data: { type: 'string' } },
    positionals: ['instanceId', 'eventName'],
    run: async (client, [id, event], values, io) => {
      await client.raiseEvent(id, event, jsonOption(values.data, 'data'));
      io.stdout(`Raised '${event}' on ${id}.`);
      return 0;
    },
  },
  terminate: lifecycle('terminate', 'Terminated'),
  suspend: lifecycle('suspend', 'Suspending'),
  resume: lifecycle('resume', 'Resuming'),
  rewind: {
    options: { reason: { type: 'string' } },
    positionals: ['instanceId'],
    run: async (client, [id], values, io) => {
      await client.rewind(id, values.reason as string | undefined);
      io.stdout(`Rewound ${id}: its failed work runs again.`);
      return 0;
    },
  },
  restart: {
    options: { 'same-id': { type: 'boolean' } },
    positionals: ['instanceId'],
    run: async (client, [id], values, io) => {
      const restarted = await client.restart(id, { restartWithNewInstanceId: values['same-id'] !== true });
      io.stdout(restarted === id ? `Restarted ${id}.` : `Restarted ${id} as ${restarted}.`);
      return 0;
    },
  },
  purge: {
    options: {},
    positionals: ['instanceId'],
    run: async (client, [id], _values, io) => {
      if (!(await client.purge(id))) throw new InstanceNotFoundError(id);
      io.stdout(`Purged ${id}.`);
      return 0;
    },
  },
};

export const managementCommands = Object.keys(actions);

/** status, history, list, raise, terminate, suspend, resume, rewind, restart, purge — on the store, or via the server that owns it. */
export async function manageCommand(command: string, argv: string[], io: CliIo): Promise<number> {
  const action = actions[command];
  const { values, positionals } = parse(argv, action.options, action.positionals);
  const storePath = resolveStorePath(values.store as string | undefined, io.cwd);
  return withStoreClient(storePath, action.readOnly === true, (client) => action.run(client, positionals, values, io));
}

function statusOption(text: string): RuntimeStatus[] {
  const statuses = text.split(',').filter(Boolean);
  const unknown = statuses.find((status) => !runtimeStatuses.includes(status as RuntimeStatus));
  if (unknown !== undefined) throw new UsageError(`Unknown status '${unknown}'. Use ${runtimeStatuses.join(', ')}.`);
  return statuses as RuntimeStatus[];
}

function lifecycle(verb: 'terminate' | 'suspend' | 'resume', done: string) {
  return {
    options: { reason: { type: 'string' as const } },
    positionals: ['instanceId'],
    run: (async (client, [id], values, io) => {
      await client[verb](id, values.reason as string | undefined);
      io.stdout(`${done} ${id}.`);
      return 0;
    }) as Action,
  };
}
