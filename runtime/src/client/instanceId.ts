import { InvalidInputError } from '../api/errors';

/** An instance id a caller chose: path-safe, and not of the `@name@key` form entities own. */
export function checkInstanceId(instanceId: string): string {
  if (typeof instanceId !== 'string' || !instanceId || /[/\\?#\s]/.test(instanceId)) {
    throw new InvalidInputError(`Invalid instance id '${instanceId}': it must be non-empty, without spaces, '/', '\\', '?' or '#'.`);
  }
  if (instanceId.startsWith('@')) throw new InvalidInputError(`Invalid instance id '${instanceId}': ids starting with '@' name entities (@name@key).`);
  return instanceId;
}
