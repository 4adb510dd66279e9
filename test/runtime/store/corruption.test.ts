import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import initSqlJs from 'sql.js';
import { StoreCorruptError } from '../../../runtime/src/api/errors';
import { openStore } from '../../../runtime/src/store/open';
import { trackedStoreFiles, snapshotBytes, type StoreFiles } from './support/storeFiles';
import { threeRecordCrashImage } from './support/threeRecords';

/** Files of `dir` this process holds open. */
function openFilesIn(dir: string): string[] {
  const targets = fs.readdirSync('/proc/self/fd').map((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return ''; // closed while listing
    }
  });
  return targets.filter((target) => target.startsWith(`${dir}/`));
}

/**
 * Damage that is not a torn tail must stop the store from opening, with a message that says what is wrong, and
 * must leave every file exactly as it was (so it can be restored or inspected), with no lock left behind.
 */
describe('store corruption', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  async function assertRefused(target: StoreFiles, message: RegExp) {
    const before = snapshotBytes(target.dir);
    await assert.rejects(openStore({ path: target.store }), (error: unknown) => {
      assert.ok(error instanceof StoreCorruptError, `expected StoreCorruptError, got ${error}`);
      assert.match(error.message, message);
      assert.match(error.message, /left untouched/);
      return true;
    });
    assert.deepEqual(snapshotBytes(target.dir), before, 'the store files were modified');
    assert.ok(!fs.existsSync(target.lock), 'the lock was not released');
    assert.deepEqual(openFilesIn(target.dir), [], 'file descriptors left open on the store files');
    // Released for real: a second attempt meets the same damage, not this process's own lock.
    await assert.rejects(openStore({ path: target.store }), StoreCorruptError);
  }

  it('refuses a journal whose middle record fails its checksum', async () => {
    const { image, records } = await threeRecordCrashImage(files('corrupt-middle-live'), 'corrupt-middle');
    files.track(image);
    const middle = records[1];
    const contents = fs.readFileSync(image.journal);
    contents[middle.offset + 20] ^= 0x01; // one flipped bit inside the payload
    fs.writeFileSync(image.journal, contents);

    await assertRefused(image, new RegExp(`record at byte ${middle.offset} fails its checksum`));
  });

  it('refuses a journal with a zeroed record between intact ones', async () => {
    const { image, records } = await threeRecordCrashImage(files('corrupt-zeroed-live'), 'corrupt-zeroed');
    files.track(image);
    const middle = records[1];
    const contents = fs.readFileSync(image.journal);
    contents.fill(0, middle.offset, middle.end); // a lost block in the middle of the file
    fs.writeFileSync(image.journal, contents);

    await assertRefused(image, new RegExp(`record at byte ${middle.offset} `));
  });

  it('refuses a store file that is not a SQLite database', async () => {
    const target = files('corrupt-text');
    fs.writeFileSync(target.store, 'these are my notes, not a database\n');
    await assertRefused(target, /is not a durable-ts store \(it is not a SQLite database\)/);
    assert.ok(!fs.existsSync(target.journal), 'no journal was created next to the foreign file');
  });

  it('refuses the SQLite database of another application rather than adding its tables to it', async () => {
    const target = files('corrupt-foreign');
    const SQL = await initSqlJs();
    const foreign = new SQL.Database();
    foreign.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada');");
    fs.writeFileSync(target.store, foreign.export());
    foreign.close();
    await assertRefused(target, /is a SQLite database but not a durable-ts store \(it has tables users\)/);
  });

  it('refuses a journal with a bad header', async () => {
    const target = files('corrupt-header');
    fs.writeFileSync(target.journal, 'NOTAJOURNAL\nsome bytes that follow');
    await assertRefused(target, /is not a durable-ts journal \(bad header\)/);
  });
});

/** A store whose layout changed under it must be refused, never misread, and say which version wrote it. */
describe('stores written by another version of durable-ts', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  async function snapshotWithFormat(target: StoreFiles, format: number): Promise<void> {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec(`CREATE TABLE instances (id TEXT PRIMARY KEY, name TEXT NOT NULL); CREATE TABLE history (instance_id TEXT, seq INTEGER, event TEXT); PRAGMA user_version = ${format};`);
    fs.writeFileSync(target.store, db.export());
    db.close();
  }

  async function assertRefusedAsOtherVersion(target: StoreFiles, message: RegExp): Promise<void> {
    const before = snapshotBytes(target.dir);
    await assert.rejects(openStore({ path: target.store }), (error: unknown) => {
      assert.ok(error instanceof StoreCorruptError, `expected StoreCorruptError, got ${error}`);
      assert.match(error.message, message);
      assert.match(error.message, /It was left untouched; use another --store, or move it away to start afresh\.$/);
      return true;
    });
    assert.deepEqual(snapshotBytes(target.dir), before, 'the store files were modified');
    assert.ok(!fs.existsSync(target.lock), 'the lock was not released');
  }

  it('refuses a snapshot from an earlier version', async () => {
    const target = files('format-earlier');
    await snapshotWithFormat(target, 0);
    await assertRefusedAsOtherVersion(target, /store\.db was written by an earlier version of durable-ts \(store format 0; this version reads format 4 and upgrades formats 2 and 3\)/);
  });

  it('refuses a snapshot from a later version', async () => {
    const target = files('format-later');
    await snapshotWithFormat(target, 7);
    await assertRefusedAsOtherVersion(target, /was written by a later version of durable-ts \(store format 7;/);
  });

  it('refuses a journal from an earlier version', async () => {
    const target = files('format-journal');
    fs.writeFileSync(target.journal, 'DTSJOURNAL1\n');
    await assertRefusedAsOtherVersion(target, /store\.db-log was written by an earlier version of durable-ts \(store format 1;/);
  });

  it('opens what this version wrote', async () => {
    const target = files('format-same');
    const store = await openStore({ path: target.store });
    await store.commit([{ op: 'createInstance', row: { instanceId: 'a', name: 'N', status: 'Pending', input: undefined, output: undefined, customStatus: undefined, createdAt: 1, updatedAt: 1, generation: 0, parent: undefined, version: '' } }]);
    await store.close();
    const reopened = await openStore({ path: target.store });
    try {
      assert.equal((await reopened.getInstance('a'))?.name, 'N');
    } finally {
      await reopened.close();
    }
  });
});
