/** What recovery found wrong with a store's files, said so that a user knows what is lost and what to do. */
import type { JournalContents, TornTail } from './journal';

export function journalDamageMessage(store: string, journalFile: string, contents: JournalContents): string {
  const damage = contents.damage!;
  const after = damage.recordsLost - 1;
  return (
    `${journalFile} is damaged: ${damage.reason}. Opening the store would lose that record` +
    `${after ? ` and at least the ${after} intact record${after === 1 ? '' : 's'} after it` : ''} (${damage.bytesLost} bytes from byte ${damage.offset}). ` +
    `It was left untouched. To keep the ${contents.records.length} record${contents.records.length === 1 ? '' : 's'} before it and drop the rest, ` +
    `run 'durable-ts repair --store ${store}' (it keeps a copy of the damaged journal); or restore the store from a backup.`
  );
}

export function snapshotGapMessage(store: string, journalFile: string, snapshotLsn: number, records: readonly { lsn: number }[]): string {
  const first = records.find((record) => record.lsn > snapshotLsn)!;
  return (
    `${journalFile} does not continue ${store}: its records start at number ${first.lsn}, but the snapshot holds up to ${snapshotLsn} ` +
    `(the snapshot was replaced by an older copy or removed). Both were left untouched; restore the snapshot that belongs with this journal, or move both away.`
  );
}

export function tornTailWarning(journalFile: string, tornTail: TornTail, readOnly: boolean): string {
  return (
    `${journalFile} ends in an incomplete record at byte ${tornTail.offset} (${tornTail.bytes} bytes): a write a crash cut short, never ` +
    `acknowledged. ${readOnly ? 'It is left in place (read-only); the next run drops it.' : 'It was dropped.'}`
  );
}

/** A file-system error met while opening the store, said with the store it concerns instead of as a stack. */
export function inaccessibleStoreMessage(store: string, error: NodeJS.ErrnoException): string {
  const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
  const remedy = full ? 'Free some space and start again.' : 'Choose a store path in a folder this process can create files in.';
  return `Cannot open the store ${store}: ${reasonOf(error)}. ${remedy}`;
}

function reasonOf(error: NodeJS.ErrnoException): string {
  // mkdir of a folder on the path that exists as a file (`--store notes.txt/store.db`)
  if (error.code === 'EEXIST' || error.code === 'ENOTDIR') return `a part of the path is a file, not a folder${error.path ? ` (${error.path})` : ''}`;
  const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return error.path ? `${reason} (${error.syscall} ${error.path})` : reason;
}
