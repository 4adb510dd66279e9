import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../api/errors';
import { UsageError } from './usage';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../runtime';

export { DEFAULT_STORE } from '../store/storePath';

/** Options every host command (`run`, `serve`) takes. */
export const hostOptions = { 'shutdown-timeout-ms': { type: 'string' } } as const;

/** `--shutdown-timeout-ms N`: how long a graceful stop waits for running work. */
export function shutdownTimeoutOption(values: Record<string, string | boolean | undefined>): number {
  const text = values['shutdown-timeout-ms'];
  if (text === undefined) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new UsageError(`--shutdown-timeout-ms must be a number of milliseconds, got '${text}'.`);
  return Number(text);
}

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
