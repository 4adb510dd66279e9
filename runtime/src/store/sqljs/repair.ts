import * as path from 'node:path';
import { StoreLock } from '../lockFile';
import { cutJournalAt, Journal } from './journal';
import { readSnapshot } from './snapshot';

/**
 * What `durable-ts repair` does, and only when asked: a journal damaged in the middle is cut at the damage, keeping
 * every record before it (and a copy of the whole damaged file), so the store opens again with what survived.
 * A damaged snapshot cannot be repaired this way; its error says so and nothing changes.
 */
export async function repairStore(storePath: string): Promise<string> {
  const file = path.resolve(storePath);
  const lock = StoreLock.acquire(file);
  try {
    (await readSnapshot(file)).close();
    const journalFile = `${file}-log`;
    const contents = Journal.read(journalFile);
    const damage = contents.damage;
    if (!damage) return `${file} needs no repair: its snapshot and journal are intact.`;
    const backup = `${journalFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    cutJournalAt(journalFile, damage, backup);
    const records = (count: number) => `${count} record${count === 1 ? '' : 's'}`;
    return (
      `Repaired ${journalFile}: ${damage.reason}. Kept the ${records(contents.records.length)} before it; dropped ${records(damage.recordsLost)} ` +
      `(${damage.bytesLost} bytes from byte ${damage.offset}). The damaged journal was copied to ${backup}.`
    );
  } finally {
    lock.release();
  }
}
