import { InvalidInputError } from '../api/errors';
import type { EntityId, EntityIdLike } from './types';

/**
 * An entity lives in the store as the instance `@name@key` (Durable Functions' scheduler id): the name in lower
 * case, as Durable Functions compares entity names without case. Orchestration instance ids never start with '@'.
 */
export function isEntityInstanceId(instanceId: string): boolean {
  return instanceId.startsWith('@');
}

export function entityInstanceId(entity: EntityIdLike): string {
  const { name, key } = toEntityId(entity);
  return `@${name.toLowerCase()}@${key}`;
}

/** The id of the entity an instance id names. */
export function entityIdOf(instanceId: string): EntityId {
  const at = instanceId.indexOf('@', 1);
  if (!isEntityInstanceId(instanceId) || at < 0) throw new InvalidInputError(`'${instanceId}' is not an entity id: write it as @name@key.`);
  return { name: instanceId.slice(1, at), key: instanceId.slice(at + 1) };
}

/** Check an id from user code or a client: a name without '@' and a key, both non-empty. */
export function toEntityId(entity: EntityIdLike): EntityId {
  const id = typeof entity === 'string' ? entityIdOf(entity) : entity;
  if (!id || typeof id !== 'object' || typeof id.name !== 'string' || typeof id.key !== 'string') {
    throw new InvalidInputError(`An entity id is { name, key } or '@name@key', got ${JSON.stringify(entity) ?? String(entity)}.`);
  }
  if (id.name.length === 0 || id.name.includes('@')) throw new InvalidInputError(`An entity name must be non-empty and without '@', got '${id.name}'.`);
  if (id.key.length === 0) throw new InvalidInputError(`The entity '${id.name}' needs a non-empty key.`);
  return { name: id.name, key: id.key };
}
