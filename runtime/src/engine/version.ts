import { InvalidInputError } from '../api/errors';

const MAX_VERSION_LENGTH = 100;

/** A version names a deployment of the code ("2", "2024-06-01", "v2.1"): short, printable, on one line. */
export function checkVersion(version: unknown, where: string): string {
  if (typeof version !== 'string') throw new InvalidInputError(`${where}: a version must be a string, got ${typeof version}.`);
  if (version.length > MAX_VERSION_LENGTH) throw new InvalidInputError(`${where}: a version is at most ${MAX_VERSION_LENGTH} characters, got ${version.length}.`);
  if (/[\u0000-\u001f\u007f]/.test(version)) throw new InvalidInputError(`${where}: a version must not contain control characters (got ${JSON.stringify(version)}).`);
  return version;
}
