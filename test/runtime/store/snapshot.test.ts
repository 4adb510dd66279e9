import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openStore } from '../../../runtime/src/store/open';
import { instanceChange, writtenNumbers } from './support/changes';
import { JOURNAL_MAGIC, readJournal } from './support/journalFile';
import { crash, sleep, startStoreWriter } from './support/processes';
import { crashImage, trackedStoreFiles } from './support/storeFiles';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0');

function isSqlite(file: string): boolean {
  return fs.readFileSync(file).subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER);
}

describe('store snapshots', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  it('snapshots and truncates the journal once it passes snapshotAfterBytes', async () => {
    const live = files('snapshot-threshold');
    const snapshotAfterBytes = 8 * 1024;
    const store = await openStore({ path: live.store, snapshotAfterBytes });
    try {
      let n = 0;
      while (!fs.existsSync(live.store)) {
        assert.ok(n < 1000, 'no snapshot after 1,000 commits');
        await store.commit([instanceChange(++n)]);
      }
      const journaledAtSnapshot = fs.statSync(live.journal).size;
      assert.ok(journaledAtSnapshot < snapshotAfterBytes, `the journal was not truncated (${journaledAtSnapshot} bytes)`);
      assert.ok(isSqlite(live.store), 'the snapshot is a SQLite database');
      assert.deepEqual(fs.readdirSync(live.dir).filter((name) => name.includes('.tmp')), [], 'the snapshot\'s temp file is left behind');

      // A crash right now recovers from the snapshot plus what the journal got since.
      await store.commit([instanceChange(++n)]);
      const image = crashImage(live, 'snapshot-threshold-image');
      files.track(image);
      const reopened = await openStore({ path: image.store });
      try {
        assert.deepEqual((await writtenNumbers(reopened)), Array.from({ length: n }, (_, i) => i + 1));
      } finally {
        await reopened.close();
      }
    } finally {
      await store.close();
    }
  });

  it('leaves a snapshot and an empty journal on close(), from which it reopens', async () => {
    const live = files('snapshot-close');
    const store = await openStore({ path: live.store });
    for (const n of [1, 2, 3]) await store.commit([instanceChange(n)]);
    assert.equal(readJournal(live.journal).length, 3, 'precondition: the commits are in the journal');
    await store.close();

    assert.ok(isSqlite(live.store), 'close() writes a snapshot');
    assert.deepEqual(fs.readFileSync(live.journal), JOURNAL_MAGIC, 'close() empties the journal down to its header');
    const reopened = await openStore({ path: live.store });
    try {
      assert.deepEqual((await writtenNumbers(reopened)), [1, 2, 3]);
    } finally {
      await reopened.close();
    }
  });

  it('clears away a half-written snapshot left by a crash and keeps the last complete one', async () => {
    const live = files('snapshot-abandoned');
    const store = await openStore({ path: live.store });
    for (const n of [1, 2]) await store.commit([instanceChange(n)]);
    await store.close();
    // What a host killed in the middle of writing its next snapshot leaves next to the store.
    const abandoned = `${live.store}.tmp-4242`;
    fs.writeFileSync(abandoned, fs.readFileSync(live.store).subarray(0, 1000));

    const reopened = await openStore({ path: live.store });
    try {
      assert.deepEqual((await writtenNumbers(reopened)), [1, 2]);
      assert.ok(!fs.existsSync(abandoned), 'the abandoned snapshot is still taking up space');
    } finally {
      await reopened.close();
    }
  });

  it('loses nothing acknowledged when killed again and again while snapshotting constantly', async () => {
    const { store } = files('snapshot-kills');
    const acked: number[] = [];
    for (let round = 0; round < 4; round++) {
      // A snapshot every few commits, so kills land before, during and after snapshot writes. Each restart
      // opening the store proves no kill left a half-written snapshot in place.
      const writer = await startStoreWriter('commit', store, 4 * 1024);
      await writer.waitForLine(/^durable /);
      await sleep(Math.random() * 300);
      await crash(writer);
      acked.push(...writer.lines.filter((line) => line.startsWith('durable ')).map((line) => Number(line.slice('durable '.length))));
    }

    const reopened = await openStore({ path: store });
    try {
      const recovered = new Set(await writtenNumbers(reopened));
      assert.deepEqual(acked.filter((n) => !recovered.has(n)), [], 'acknowledged commits missing');
    } finally {
      await reopened.close();
    }
  });
});
