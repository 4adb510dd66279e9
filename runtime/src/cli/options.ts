import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../api/errors';
import { UsageError } from './usage';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../runtime';
import { DEFAULT_CRASH_LIMIT } from '../worker/crashLedger';
import { DEFAULT_TURN_DEADLINE_MS } from '../worker/turnWatchdog';
import { checkVersion } from '../engine/version';
import { DEFAULT_LEASE_MS } from '../store/postgres/storeUrl';

export { DEFAULT_STORE } from '../store/storePath';

/** Options every host command (`run`, `serve`) takes. */
export const hostOptions = {
  'shutdown-timeout-ms': { type: 'string' }, 'crash-limit': { type: 'string' }, 'turn-deadline-ms': { type: 'string' }, 'default-version': { type: 'string' },
  'lease-ms': { type: 'string' },
} as const;

/**
 * The runtime options `--shutdown-timeout-ms N` (how long a graceful stop waits), `--crash-limit N` (poison
 * handling), `--turn-deadline-ms N` (how long orchestrator code may run without yielding) and `--default-version V`
 * (the version of instances started without one) and `--lease-ms N` (on PostgreSQL, how long work handed to this
 * process stays its own without renewal) set.
 */
export function hostRuntimeOptions(values: Record<string, string | boolean | undefined>) {
  return {
    shutdownTimeoutMs: countOption(values, 'shutdown-timeout-ms', DEFAULT_SHUTDOWN_TIMEOUT_MS, 0),
    crashLimit: countOption(values, 'crash-limit', DEFAULT_CRASH_LIMIT, 1),
    turnDeadlineMs: turnDeadlineOption(values),
    defaultVersion: values['default-version'] === undefined ? undefined : checkVersion(values['default-version'], '--default-version'),
    leaseMs: countOption(values, 'lease-ms', DEFAULT_LEASE_MS, 100),
  };
}

/** `--turn-deadline-ms N`: how long orchestrator code may run without yielding (0: unwatched). */
export function turnDeadlineOption(values: Record<string, string | boolean | undefined>): number {
  return countOption(values, 'turn-deadline-ms', DEFAULT_TURN_DEADLINE_MS, 0);
}

function countOption(values: Record<string, string | boolean | undefined>, option: string, fallback: number, least: number): number {
  const text = values[option];
  if (text === undefined) return fallback;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < least) throw new UsageError(`--${option} must be a whole number of at least ${least}, got '${text}'.`);
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
  // An unset shell variable (`--store "$STORE"`) must not quietly pick a store in whatever folder the command ran from.
  if (typeof parsed.values.store === 'string' && parsed.values.store.trim() === '') {
    throw new UsageError('--store is empty: give a store file, the directory that holds it, or a postgres:// URL (leave --store out for .durable/store.db).');
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
