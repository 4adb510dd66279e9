/** How long work handed to a process stays its own without being renewed, unless `--lease-ms` says otherwise. */
export const DEFAULT_LEASE_MS = 30_000;

/** Whether a `--store` (or `createRuntime({ store })`) names a PostgreSQL database rather than a file. */
export function isPostgresUrl(store: string | undefined): store is string {
  return store !== undefined && /^postgres(ql)?:\/\//i.test(store);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a PostgreSQL database (its URL could not be parsed)';
  }
}
