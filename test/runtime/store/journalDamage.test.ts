import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { StoreCorruptError } from '../../../runtime/src/api/errors';
import { openStore } from '../../../runtime/src/store/open';
import { repairStore } from '../../../runtime/src/store/sqljs/repair';
import { instanceChange, writtenNumbers } from './support/changes';
import { crashImage, snapshotBytes, trackedStoreFiles, type StoreFiles } from './support/storeFiles';
import { threeRecordCrashImage } from './support/threeRecords';

/** The next warning this process emits. */
function nextWarning(): Promise<Error> {
  return new Promise((resolve) => process.once('warning', resolve));
}

/**
 * Journal damage other than a torn last record is reported (where, how much would be lost) and the store is not
 * opened, so nothing is rewritten, until the user accepts the loss with `durable-ts repair`.
 */
describe('journal damage', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  async function damagedImage(prefix: string, damage: (contents: Buffer, records: { offset: number; end: number }[]) => void) {
    const { image, records } = await threeRecordCrashImage(files(`${prefix}-live`), prefix);
    files.track(image);
    const contents = fs.readFileSync(image.journal);
    damage(contents, records);
    fs.writeFileSync(image.journal, contents);
    return { image, records };
  }

  async function assertReported(image: StoreFiles, message: RegExp): Promise<void> {
    const before = snapshotBytes(image.dir);
    await assert.rejects(openStore({ path: image.store }), (error: unknown) => {
      assert.ok(error instanceof StoreCorruptError, `expected StoreCorruptError, got ${error}`);
      assert.match(error.message, message);
      assert.match(error.message, /left untouched/);
      assert.match(error.message, /run 'durable-ts repair --store .*store\.db'/);
      return true;
    });
    assert.deepEqual(snapshotBytes(image.dir), before, 'the store files were modified');
  }

  it('reports flipped bytes in the last complete record instead of dropping it as a torn write', async () => {
    const { image, records } = await damagedImage('last-flipped', (contents, [, , last]) => (contents[last.offset + 30] ^= 0x20));
    const last = records[2];
    await assertReported(image, new RegExp(`record at byte ${last.offset} fails its checksum\\. Opening the store would lose that record \\(${last.end - last.offset} bytes from byte ${last.offset}\\)\\..* keep the 2 records before it`));
  });

  it('says how many intact records a damaged middle record takes with it', async () => {
    const { image, records } = await damagedImage('middle-flipped', (contents, [, middle]) => (contents[middle.offset + 30] ^= 0x20));
    await assertReported(image, new RegExp(`record at byte ${records[1].offset} fails its checksum\\. Opening the store would lose that record and at least the 1 intact record after it`));
  });

  it('repair keeps the records before the damage and a copy of the damaged journal; the store then opens', async () => {
    const { image } = await damagedImage('repair', (contents, [, middle]) => (contents[middle.offset + 30] ^= 0x20));
    const damaged = fs.readFileSync(image.journal);
    const report = await repairStore(image.store);
    assert.match(report, /Kept the 1 record before it; dropped 2 records/);
    const backup = fs.readdirSync(image.dir).find((name) => name.startsWith('store.db-log.damaged-'));
    assert.ok(backup, `no copy of the damaged journal in ${fs.readdirSync(image.dir)}`);
    assert.deepEqual(fs.readFileSync(`${image.dir}/${backup}`), damaged);
    const store = await openStore({ path: image.store });
    try {
      assert.deepEqual((await writtenNumbers(store)), [1]);
    } finally {
      await store.close();
    }
    assert.match(await repairStore(image.store), /needs no repair/);
  });

  it('warns about a torn last record, naming where it was, and drops it', async () => {
    const { image, records } = await damagedImage('torn', () => {});
    fs.truncateSync(image.journal, records[2].end - 10);
    const warned = nextWarning();
    const store = await openStore({ path: image.store });
    try {
      assert.match((await warned).message, new RegExp(`store\\.db-log ends in an incomplete record at byte ${records[2].offset} .* It was dropped\\.`));
      assert.deepEqual((await writtenNumbers(store)), [1, 2]);
    } finally {
      await store.close();
    }
  });

  it('a read-only open leaves every file as it was: the journal is not folded in, a torn tail not cut', async () => {
    const { image, records } = await damagedImage('read-only', () => {});
    fs.truncateSync(image.journal, records[2].end - 10);
    const before = snapshotBytes(image.dir);
    const warned = nextWarning();
    const store = await openStore({ path: image.store, readOnly: true });
    try {
      assert.match((await warned).message, /It is left in place \(read-only\)/);
      assert.deepEqual((await writtenNumbers(store)), [1, 2]);
      await assert.rejects(store.commit([]), /opened read-only/);
    } finally {
      await store.close();
    }
    assert.deepEqual(snapshotBytes(image.dir), before);
  });

  it('refuses a journal that does not continue its snapshot (the snapshot was replaced by an older copy)', async () => {
    const live = files('older-snapshot');
    const commitAndClose = async (n: number) => {
      const store = await openStore({ path: live.store });
      await store.commit([instanceChange(n)]);
      await store.close();
    };
    await commitAndClose(1);
    const older = fs.readFileSync(live.store);
    await commitAndClose(2);
    const store = await openStore({ path: live.store });
    await store.commit([instanceChange(3)]);
    const image = files.track(crashImage(live, 'older-snapshot-image'));
    await store.close();
    fs.writeFileSync(image.store, older);
    const before = snapshotBytes(image.dir);
    await assert.rejects(openStore({ path: image.store }), /store\.db-log does not continue .*store\.db: its records start at number \d+, but the snapshot holds up to \d+/);
    assert.deepEqual(snapshotBytes(image.dir), before);
  });
});
