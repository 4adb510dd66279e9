/**
 * The layout of the store's files: the database's tables (kept in its `user_version`), the snapshot file (format 3
 * on: the database followed by a checksum trailer) and the journal's records (named in its header; format 4 on:
 * an outline followed by the history's events as they are stored, see recordCodec.ts). Raised whenever any of them
 * changes, so a store written by another version of durable-ts is refused with a message that says so, never
 * misread.
 */
export const STORE_FORMAT = 4;

/**
 * Formats this version still reads and upgrades (the first writer rewrites the store in the current one). Format 3
 * journals hold each record as one JSON document; format 2 also has no snapshot checksum, and is read after
 * SQLite's own integrity check.
 */
export const UPGRADABLE_FORMATS: readonly number[] = [2, 3];

/** From this format on a snapshot carries a checksum, and journal records are numbered without gaps. */
export const FIRST_CHECKSUMMED_FORMAT = 3;

export function isReadableFormat(format: number): boolean {
  return format === STORE_FORMAT || UPGRADABLE_FORMATS.includes(format);
}

export function otherFormatMessage(file: string, found: number): string {
  const writer = found < STORE_FORMAT ? 'an earlier version' : 'a later version';
  return (
    `${file} was written by ${writer} of durable-ts (store format ${found}; this version reads format ${STORE_FORMAT}` +
    `${UPGRADABLE_FORMATS.length ? ` and upgrades ${UPGRADABLE_FORMATS.length === 1 ? 'format' : 'formats'} ${listed(UPGRADABLE_FORMATS)}` : ''}). ` +
    `It was left untouched; use another --store, or move it away to start afresh.`
  );
}

function listed(formats: readonly number[]): string {
  return formats.length === 1 ? String(formats[0]) : `${formats.slice(0, -1).join(', ')} and ${formats[formats.length - 1]}`;
}
