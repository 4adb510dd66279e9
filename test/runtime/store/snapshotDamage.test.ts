import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { StoreCorruptError } from '../../../runtime/src/api/errors';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { snapshotBytes, trackedStoreFiles, type StoreFiles } from './support/storeFiles';

/**
 * A snapshot damaged on disk must be refused when it is opened, with a message naming the file, and left exactly as
 * it was: never served (a flipped bit in an output would be served as another value), never overwritten.
 */
describe('snapshot damage', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  /** A cleanly closed store holding 30 completed instances whose outputs are `"value-<n>"`. */
  async function closedStore(prefix: string): Promise<StoreFiles> {
    const target = files(prefix);
    const store = await openStore({ path: target.store });
    const now = Date.now();
    await store.commit(
      Array.from({ length: 30 }, (_, n) => ({
        op: 'createInstance' as const,
        row: { instanceId: `i${n}`, name: 'N', status: 'Completed' as const, input: undefined, output: JSON.stringify(`value-${n}`), customStatus: undefined, createdAt: now, updatedAt: now, generation: 0, parent: undefined, version: '' },
      })),
    );
    await store.close();
    return target;
  }

  async function assertRefused(target: StoreFiles, message: RegExp): Promise<void> {
    const before = snapshotBytes(target.dir);
    await assert.rejects(openStore({ path: target.store }), (error: unknown) => {
      assert.ok(error instanceof StoreCorruptError, `expected StoreCorruptError, got ${error}`);
      assert.ok(error.message.startsWith(target.store), `the message names the file: ${error.message}`);
      assert.match(error.message, message);
      assert.match(error.message, /left untouched/);
      return true;
    });
    assert.deepEqual(snapshotBytes(target.dir), before, 'the store files were modified');
    assert.ok(!fs.existsSync(target.lock), 'the lock was not released');
  }

  it('refuses a snapshot with 16 flipped bytes in its middle', async () => {
    const target = await closedStore('flipped-bytes');
    const contents = fs.readFileSync(target.store);
    const middle = contents.length >> 1;
    for (let i = middle; i < middle + 16; i++) contents[i] ^= 0xff;
    fs.writeFileSync(target.store, contents);
    await assertRefused(target, /is damaged: its contents no longer match the checksum/);
  });

  it('refuses a snapshot where one bit of a stored output flipped', async () => {
    const target = await closedStore('flipped-output');
    const contents = fs.readFileSync(target.store);
    const at = contents.indexOf('"value-25"');
    assert.ok(at > 0, 'precondition: the output is stored as text');
    contents[at + 8] ^= 0x01; // "value-25" becomes "value-24": SQLite itself sees nothing wrong
    fs.writeFileSync(target.store, contents);
    await assertRefused(target, /is damaged: its contents no longer match the checksum/);
  });

  it('refuses a snapshot cut short, even at a page boundary', async () => {
    const target = await closedStore('cut-short');
    const contents = fs.readFileSync(target.store);
    fs.writeFileSync(target.store, contents.subarray(0, 4096 * Math.floor((contents.length - 1) / 4096)));
    await assertRefused(target, /is damaged/);
  });

  it('refuses a 0-byte snapshot instead of treating it as a new store', async () => {
    const target = await closedStore('empty');
    fs.writeFileSync(target.store, '');
    await assertRefused(target, /is empty \(0 bytes\), but a durable-ts snapshot never is/);
  });

  it('opens an undamaged snapshot and serves what it holds', async () => {
    const target = await closedStore('intact');
    const store = await openStore({ path: target.store });
    try {
      assert.equal((await createClient({ store }).getStatus('i25'))?.output, 'value-25');
    } finally {
      await store.close();
    }
  });
});
