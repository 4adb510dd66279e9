/**
 * The layout of the store's files: the database's tables (kept in its `user_version`) and the journal's records
 * (named in its header). Raised whenever either changes, so a store written by another version of durable-ts is
 * refused with a message that says so, never misread.
 */
export const STORE_FORMAT = 2;

export function otherFormatMessage(file: string, found: number): string {
  const writer = found < STORE_FORMAT ? 'an earlier version' : 'a later version';
  return (
    `${file} was written by ${writer} of durable-ts (store format ${found}; this version reads format ${STORE_FORMAT}). ` +
    `It was left untouched; use another --store, or move it away to start afresh.`
  );
}
