import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openStore } from '../../../runtime/src/store/open';
import { instanceChange, writtenNumbers } from './support/changes';
import { crash, sleep, startStoreWriter } from './support/processes';
import { crashImage, trackedStoreFiles, type StoreFiles } from './support/storeFiles';
import { threeRecordCrashImage } from './support/threeRecords';

/** The numbers n for which the writer printed `durable n`: commits it was told were durable before it died. */
function acknowledged(lines: string[]): number[] {
  return lines.filter((line) => line.startsWith('durable ')).map((line) => Number(line.slice('durable '.length)));
}

describe('store recovery after a crash', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  it('keeps every acknowledged commit of a process SIGKILLed without close()', async () => {
    const { store } = files('recover-kill');
    const writer = await startStoreWriter('commit', store);
    await writer.waitForLine(/^durable 200$/);
    await sleep(Math.random() * 50); // let the kill land at an arbitrary point of a burst
    await crash(writer);
    const acked = acknowledged(writer.lines);
    assert.ok(!fs.existsSync(store), 'precondition: no snapshot was taken, so recovery is the journal alone');

    const reopened = await openStore({ path: store });
    try {
      const recovered = new Set(await writtenNumbers(reopened));
      assert.deepEqual(acked.filter((n) => !recovered.has(n)), [], 'acknowledged commits missing after the crash');
      assert.equal(JSON.parse((await reopened.getInstance('i200'))!.input!).n, 200);
    } finally {
      await reopened.close();
    }
  });

  it('replays the journal on top of the last snapshot', async () => {
    const { store, journal } = files('recover-snapshot');
    const writer = await startStoreWriter('commit', store, 16 * 1024);
    await writer.waitForLine(/^durable 600$/);
    await crash(writer);
    const acked = acknowledged(writer.lines);
    assert.ok(fs.existsSync(store), 'precondition: the writer took at least one snapshot');
    assert.ok(fs.statSync(journal).size > 0, 'precondition: commits after the snapshot are in the journal');

    const reopened = await openStore({ path: store });
    try {
      const recovered = new Set(await writtenNumbers(reopened));
      assert.deepEqual(acked.filter((n) => !recovered.has(n)), [], 'acknowledged commits missing after the crash');
    } finally {
      await reopened.close();
    }
  });

  async function threeRecordImage(prefix: string) {
    const made = await threeRecordCrashImage(files(`${prefix}-live`), prefix);
    files.track(made.image);
    return made;
  }

  async function assertRecoversFirstTwo(image: StoreFiles, intactLength: number) {
    const reopened = await openStore({ path: image.store });
    try {
      assert.deepEqual((await writtenNumbers(reopened)), [1, 2]);
      assert.equal(fs.statSync(image.journal).size, intactLength, 'the torn tail is cut off the journal');
      // New commits go after the intact records and survive another crash.
      await reopened.commit([instanceChange(4)]);
      const again = crashImage(image, 'recover-again');
      files.track(again);
      const second = await openStore({ path: again.store });
      try {
        assert.deepEqual((await writtenNumbers(second)), [1, 2, 4]);
      } finally {
        await second.close();
      }
    } finally {
      await reopened.close();
    }
  }

  it('drops a last record torn in the middle of its payload', async () => {
    const { image, records } = await threeRecordImage('torn-payload');
    const last = records[2];
    fs.truncateSync(image.journal, last.offset + 8 + Math.floor((last.end - last.offset - 8) / 2));
    await assertRecoversFirstTwo(image, last.offset);
  });

  it('drops a last record torn inside its header', async () => {
    const { image, records } = await threeRecordImage('torn-header');
    fs.truncateSync(image.journal, records[2].offset + 3);
    await assertRecoversFirstTwo(image, records[2].offset);
  });

  it('drops garbage bytes after the last record', async () => {
    const { image, records } = await threeRecordImage('garbage-tail');
    fs.truncateSync(image.journal, records[2].offset);
    fs.appendFileSync(image.journal, 'garbage that is not a journal record');
    await assertRecoversFirstTwo(image, records[2].offset);
  });

  it('drops a zero-filled tail, as a file system can leave after a crash that extended the file', async () => {
    const { image, records } = await threeRecordImage('zero-tail');
    fs.truncateSync(image.journal, records[2].offset);
    fs.appendFileSync(image.journal, Buffer.alloc(4096));
    await assertRecoversFirstTwo(image, records[2].offset);
  });

  it('recovers a journal whose header was torn while the journal was being created', async () => {
    const live = files('torn-journal-header');
    fs.writeFileSync(live.journal, 'DTSJOUR');
    const store = await openStore({ path: live.store });
    await store.commit([instanceChange(1)]);
    const image = crashImage(live, 'torn-journal-header-image');
    files.track(image);
    await store.close();

    const reopened = await openStore({ path: image.store });
    try {
      assert.deepEqual((await writtenNumbers(reopened)), [1]);
    } finally {
      await reopened.close();
    }
  });
});
