import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../api/errors';
import { UsageError } from './usage';

export { DEFAULT_STORE } from '../store/storePath';

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { store: { type: 'string' }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`Missing ${positionals.slice(parsed.positionals.length).map((name) => `<${name}>`).join(' ')}.`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** Parse a JSON option, saying which option was malformed. */
export function jsonOption(text: string | boolean | undefined, option: string): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`--${option} is not valid JSON (${(error as Error).message}). Quote it for the shell, e.g. --${option} '{"a":1}'.`);
  }
}
