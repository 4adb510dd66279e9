/**
 * The layout of the store's files: the database's tables (kept in its `user_version`), the snapshot file (format 3
 * on: the database followed by a checksum trailer) and the journal's records (named in its header). Raised whenever
 * any of them changes, so a store written by another version of durable-ts is refused with a message that says so,
 * never misread.
 */
export const STORE_FORMAT = 3;

/**
 * Formats this version still reads and upgrades. Format 2 differs only in its snapshot, which carries no checksum:
 * it is read after SQLite's own integrity check, and the first snapshot a writer takes is format 3.
 */
export const UPGRADABLE_FORMATS: readonly number[] = [2];

export function isReadableFormat(format: number): boolean {
  return format === STORE_FORMAT || UPGRADABLE_FORMATS.includes(format);
}

export function otherFormatMessage(file: string, found: number): string {
  const writer = found < STORE_FORMAT ? 'an earlier version' : 'a later version';
  return (
    `${file} was written by ${writer} of durable-ts (store format ${found}; this version reads format ${STORE_FORMAT}` +
    `${UPGRADABLE_FORMATS.length ? ` and upgrades format ${UPGRADABLE_FORMATS.join(', ')}` : ''}). ` +
    `It was left untouched; use another --store, or move it away to start afresh.`
  );
}
