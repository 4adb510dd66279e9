import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { crashImage, freshStoreFiles, snapshotBytes, type StoreFiles } from '../store/support/storeFiles';
import { fixtureApp, runCli, tempDir } from './cliProcess';

const app = fixtureApp('managed.ts');

/** A store with `count` completed Greet instances, each run by `run`, which closes the store cleanly. */
async function storeWithGreetings(store: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const result = await runCli(['run', app, 'Greet', '--input', JSON.stringify(`guest-${n}`), '--instance-id', `greet-${n}`, '--store', store, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
  }
}

/**
 * What a crash leaves after one `run`: Greet instances started (one awaited commit each) after the last snapshot, in
 * the journal only. Returns that crash image; the live store is closed again.
 */
async function crashedWithStarts(store: string, instanceIds: string[]): Promise<StoreFiles> {
  await storeWithGreetings(store, 1);
  const live = freshStoreFiles('cli-crash-live');
  fs.copyFileSync(store, live.store);
  const opened = await openStore({ path: live.store });
  const client = createClient({ store: opened });
  for (const id of instanceIds) await client.start('Greet', id, { instanceId: id });
  const image = crashImage(live, 'cli-crash-image');
  await opened.close();
  live.remove();
  return image;
}

describe('CLI: a damaged store', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    temp = tempDir('cli-damage');
    await storeWithGreetings(temp.store, 3);
  });
  afterEach(() => temp.remove());

  it('status, list and history refuse flipped bytes in the snapshot with a message naming the file, not a stack', async () => {
    const contents = fs.readFileSync(temp.store);
    const middle = contents.length >> 1;
    for (let i = middle; i < middle + 16; i++) contents[i] ^= 0xff;
    fs.writeFileSync(temp.store, contents);
    const before = snapshotBytes(temp.dir);
    for (const args of [['status', 'greet-1'], ['list'], ['history', 'greet-1']]) {
      const result = await runCli([...args, '--store', temp.store]);
      assert.equal(result.code, 1, `${args[0]}: ${result.stdout}`);
      assert.equal(result.stderr.trim(), `error: ${temp.store} is damaged: its contents no longer match the checksum written with them (changed on disk after it was written). It was left untouched; restore it from a backup or move it away.`);
    }
    assert.deepEqual(snapshotBytes(temp.dir), before);
  });

  it('serve refuses a damaged snapshot before serving, so stopping it cannot overwrite the original', async () => {
    const contents = fs.readFileSync(temp.store);
    contents[contents.indexOf('"Hello guest-1!"') + 8] ^= 0x01;
    fs.writeFileSync(temp.store, contents);
    const before = snapshotBytes(temp.dir);
    const result = await runCli(['serve', app, '--port', '0', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: .*store\.db is damaged: its contents no longer match the checksum/);
    assert.deepEqual(snapshotBytes(temp.dir), before);
  });

  it('list refuses a 0-byte snapshot instead of showing an empty store', async () => {
    fs.writeFileSync(temp.store, '');
    const result = await runCli(['list', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: .*store\.db is empty \(0 bytes\), but a durable-ts snapshot never is/);
  });
});

describe('CLI: read-only commands on a store a crash left with a journal', function () {
  this.timeout(60_000);
  const temp = tempDir('cli-read-only');
  after(() => temp.remove());

  it('status, list and history leave every store file byte for byte as it was', async () => {
    const image = await crashedWithStarts(temp.store, ['late']);
    try {
      const before = snapshotBytes(image.dir);
      assert.ok(fs.statSync(image.journal).size > 12, 'precondition: the journal holds records');
      const outputs = [];
      for (const args of [['status', 'late'], ['list'], ['history', 'greet-0']]) {
        const result = await runCli([...args, '--store', image.store]);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
        outputs.push(result.stdout);
      }
      assert.match(outputs[1], /^late\s+Greet\s+Pending/m, 'list shows the instance only the journal holds');
      assert.deepEqual(snapshotBytes(image.dir), before, 'a read-only command changed the store files');
    } finally {
      image.remove();
    }
  });
});

describe('CLI: what opening a store tells the user', function () {
  this.timeout(60_000);
  const temp = tempDir('cli-open-messages');
  after(() => temp.remove());

  it('prints a torn final journal record as a plain warning, without Node\'s process prefix or advice', async () => {
    const image = await crashedWithStarts(temp.store, ['torn']);
    try {
      fs.truncateSync(image.journal, fs.statSync(image.journal).size - 3);
      const result = await runCli(['list', '--store', image.store]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^warning: .*store\.db-log ends in an incomplete record at byte \d+ \(\d+ bytes\): a write a crash cut short, never acknowledged\. It is left in place \(read-only\); the next run drops it\.\n$/);
    } finally {
      image.remove();
    }
  });

  it('names the store and the reason when its folder cannot be made, instead of a stack', async () => {
    const notAFolder = `${temp.dir}/notes.txt`;
    fs.writeFileSync(notAFolder, 'a file, not a folder');
    const store = `${notAFolder}/store.db`;
    const run = await runCli(['run', app, 'Greet', '--input', '"x"', '--store', store, '--quiet']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim(), `error: Cannot open the store ${store}: a part of the path is a file, not a folder (${notAFolder}). Choose a store path in a folder this process can create files in.`);
    const list = await runCli(['list', '--store', store]);
    assert.equal(list.code, 1);
    assert.match(list.stderr, /^error: No store at .*notes\.txt\/store\.db\./);
  });
});

describe('CLI: durable-ts repair', function () {
  this.timeout(60_000);
  const temp = tempDir('cli-repair');
  after(() => temp.remove());

  it("is what a damaged journal's message points to; afterwards the store opens with the records before the damage", async () => {
    const image = await crashedWithStarts(temp.store, ['kept', 'lost']);
    try {
      const contents = fs.readFileSync(image.journal);
      contents[contents.lastIndexOf('"lost"') + 2] ^= 0x01;
      fs.writeFileSync(image.journal, contents);
      const refused = await runCli(['list', '--store', image.store]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /fails its checksum\. Opening the store would lose that record .* run 'durable-ts repair --store /);
      const repaired = await runCli(['repair', '--store', image.store]);
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.match(repaired.stdout, /^Repaired .*store\.db-log: the record at byte \d+ fails its checksum\. Kept the 1 record before it; dropped 1 record/);
      const listed = await runCli(['list', '--store', image.store]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(listed.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]).sort(), ['greet-0', 'kept']);
    } finally {
      image.remove();
    }
  });
});
