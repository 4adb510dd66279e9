import * as assert from 'node:assert/strict';
import { openStore } from '../../../../runtime/src/store/open';
import { instanceChange } from './changes';
import { readJournal, type DiskRecord } from './journalFile';
import { crashImage, type StoreFiles } from './storeFiles';

/**
 * A crash image of a store that made three awaited commits (instances i1, i2, i3), one journal record each, for
 * a test to damage. The live store is closed again; the image is the caller's to remove.
 */
export async function threeRecordCrashImage(live: StoreFiles, prefix: string): Promise<{ image: StoreFiles; records: DiskRecord[] }> {
  const store = await openStore({ path: live.store });
  for (const n of [1, 2, 3]) await store.commit([instanceChange(n)]);
  const image = crashImage(live, prefix);
  await store.close();
  const records = readJournal(image.journal);
  assert.equal(records.length, 3, 'precondition: one journal record per awaited commit');
  return { image, records };
}
