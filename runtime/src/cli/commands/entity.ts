import { DurableError } from '../../api/errors';
import type { EntityQuery } from '../../entities/types';
import { entityIdOf } from '../../entities/entityId';
import { resolveStorePath } from '../../store/storePath';
import { jsonOption, parse } from '../options';
import { withStoreClient } from '../storeClient';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

/** `durable-ts entity signal|get|list|clean`: on the store, or via the server that owns it. */
export async function entityCommand(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb.startsWith('-')) throw new UsageError('entity needs a command: signal, get, list or clean.');
  switch (verb) {
    case 'signal': {
      const { values, positionals } = parse(rest, { input: { type: 'string' } }, ['entityId', 'operation']);
      const [entity, operation] = positionals;
      const id = entityIdOf(entity);
      const input = jsonOption(values.input, 'input');
      return withStoreClient(storeOf(values, io), false, async (client) => {
        await client.signalEntity(id, operation, input);
        io.stdout(`Signalled '${operation}' to ${entity}.`);
        return 0;
      });
    }
    case 'get': {
      const { values, positionals } = parse(rest, {}, ['entityId']);
      const id = entityIdOf(positionals[0]);
      return withStoreClient(storeOf(values, io), true, async (client) => {
        const { entityExists, entityState } = await client.readEntityState(id);
        if (!entityExists) throw new DurableError(`No entity ${positionals[0]} (it has no state).`);
        io.stdout(JSON.stringify(entityState, null, 2));
        return 0;
      });
    }
    case 'list': {
      const { values } = parse(rest, { name: { type: 'string' }, 'key-prefix': { type: 'string' }, state: { type: 'boolean' }, 'include-deleted': { type: 'boolean' }, top: { type: 'string' } }, []);
      const query: EntityQuery = { fetchState: values.state === true, includeDeleted: values['include-deleted'] === true };
      if (typeof values.name === 'string') query.name = values.name;
      if (typeof values['key-prefix'] === 'string') query.keyPrefix = values['key-prefix'];
      if (typeof values.top === 'string') {
        if (!/^[1-9]\d*$/.test(values.top)) throw new UsageError(`--top must be a positive integer, got '${values.top}'.`);
        query.top = Number(values.top);
      }
      return withStoreClient(storeOf(values, io), true, async (client) => {
        for (const entity of await client.listEntities(query)) {
          const held = entity.lockedBy ? `  locked by ${entity.lockedBy}${entity.backlogQueueSize ? `, ${entity.backlogQueueSize} waiting` : ''}` : '';
          const state = query.fetchState ? `  ${JSON.stringify(entity.state ?? null)}` : '';
          io.stdout(`@${entity.id.name}@${entity.id.key}  ${entity.lastOperationTime}${held}${state}`);
        }
        return 0;
      });
    }
    case 'clean': {
      const { values } = parse(rest, {}, []);
      return withStoreClient(storeOf(values, io), false, async (client) => {
        const result = await client.cleanEntityStorage();
        io.stdout(`Removed ${result.numberOfEmptyEntitiesRemoved} empty entities; released ${result.numberOfOrphanedLocksRemoved} orphaned locks.`);
        return 0;
      });
    }
    default:
      throw new UsageError(`Unknown entity command '${verb}': use signal, get, list or clean.`);
  }
}

function storeOf(values: Record<string, string | boolean | undefined>, io: CliIo): string {
  return resolveStorePath(values.store as string | undefined, io.cwd);
}
