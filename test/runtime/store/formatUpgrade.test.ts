import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { createClient } from '../../../runtime/src/client/client';
import { openStore } from '../../../runtime/src/store/open';
import { repoRoot } from './support/processes';
import { crashImage, snapshotBytes, trackedStoreFiles, type StoreFiles } from './support/storeFiles';

/**
 * A store the previous release wrote (format 2): two instances in its snapshot, one more only in its journal (the
 * files are named so that .gitignore, which ignores stores, keeps them).
 */
const FORMAT_2_STORE = path.join(repoRoot, 'test/runtime/fixtures/format2-store');

describe('a store written in format 2 (no snapshot checksum)', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  function copyOfFormat2Store(): StoreFiles {
    const target = files('format2');
    fs.copyFileSync(path.join(FORMAT_2_STORE, 'snapshot.bin'), target.store);
    fs.copyFileSync(path.join(FORMAT_2_STORE, 'journal.bin'), target.journal);
    return target;
  }

  async function outputs(store: Awaited<ReturnType<typeof openStore>>): Promise<unknown[]> {
    const client = createClient({ store });
    return Promise.all(['before-1', 'before-2', 'journal-1'].map(async (id) => (await client.getStatus(id))?.output));
  }

  const expected = [['Hello Ada!', 'Hello before-1!'], ['Hello Ada!', 'Hello before-2!'], ['Hello Grace!', 'Hello journal-1!']];

  it('is read as it is by a read-only open, which leaves its files untouched', async () => {
    const target = copyOfFormat2Store();
    const before = snapshotBytes(target.dir);
    const store = await openStore({ path: target.store, readOnly: true });
    try {
      assert.deepEqual(await outputs(store), expected);
    } finally {
      await store.close();
    }
    assert.deepEqual(snapshotBytes(target.dir), before);
  });

  it('is upgraded to format 4 by the first writer, keeping everything', async () => {
    const target = copyOfFormat2Store();
    await (await openStore({ path: target.store })).close();
    assert.equal(fs.readFileSync(target.journal, 'latin1'), 'DTSJOURNAL4\n', 'the journal was folded into the snapshot and rewritten');
    const snapshot = fs.readFileSync(target.store);
    assert.equal(snapshot.subarray(snapshot.length - 16, snapshot.length - 4).toString('latin1'), 'DTSSNAPSHOT\n', 'the snapshot carries a checksum');
    const store = await openStore({ path: target.store });
    try {
      assert.deepEqual(await outputs(store), expected);
    } finally {
      await store.close();
    }
  });

  it('gains the version column: its instances (snapshot and journal alike) have none, new ones keep theirs across a reopen', async () => {
    const target = copyOfFormat2Store();
    const store = await openStore({ path: target.store });
    try {
      const client = createClient({ store });
      assert.deepEqual(await Promise.all(['before-1', 'journal-1'].map(async (id) => (await client.getStatus(id))?.version)), ['', '']);
      await client.start('Greet', 'Lin', { instanceId: 'versioned', version: '9' });
    } finally {
      await store.close();
    }
    const reopened = await openStore({ path: target.store, readOnly: true });
    try {
      assert.equal((await createClient({ store: reopened }).getStatus('versioned'))?.version, '9');
    } finally {
      await reopened.close();
    }
  });

  it('is refused when SQLite finds it damaged, since it has no checksum to check', async () => {
    const target = copyOfFormat2Store();
    const SQL = await initSqlJs();
    const db = new SQL.Database(fs.readFileSync(target.store));
    const pageSize = Number(db.exec('PRAGMA page_size')[0].values[0][0]);
    db.close();
    const contents = fs.readFileSync(target.store);
    contents.fill(0x55, pageSize, pageSize + 32); // garble the header of the second page, a b-tree page
    fs.writeFileSync(target.store, contents);
    const before = snapshotBytes(target.dir);
    await assert.rejects(openStore({ path: target.store }), /store\.db is damaged/);
    assert.deepEqual(snapshotBytes(target.dir), before);
  });
});

/**
 * A store written by the release before the journal's current record layout (format 3: each record one JSON
 * document), laid out like the format-2 one: two instances in its snapshot, one more only in its journal.
 */
const FORMAT_3_STORE = path.join(repoRoot, 'test/runtime/fixtures/format3-store');

describe('a store written in format 3 (journal records as whole JSON documents)', function () {
  this.timeout(20_000);
  const files = trackedStoreFiles();
  afterEach(files.removeAll);

  function copyOfFormat3Store(): StoreFiles {
    const target = files('format3');
    fs.copyFileSync(path.join(FORMAT_3_STORE, 'snapshot.bin'), target.store);
    fs.copyFileSync(path.join(FORMAT_3_STORE, 'journal.bin'), target.journal);
    return target;
  }

  async function histories(store: Awaited<ReturnType<typeof openStore>>): Promise<{ output: unknown; events: string[] }[]> {
    const client = createClient({ store });
    return Promise.all(
      ['before-1', 'before-2', 'journal-1'].map(async (id) => ({ output: (await client.getStatus(id))?.output, events: (await store.getHistory(id)).map((event) => event.EventType) })),
    );
  }

  const turn = (...events: string[]) => ['OrchestratorStarted', ...events, 'OrchestratorCompleted'];
  const events = [...turn('ExecutionStarted', 'TaskScheduled'), ...turn('TaskCompleted', 'TaskScheduled'), ...turn('TaskCompleted', 'ExecutionCompleted')];
  const expected = [
    { output: ['Hello Ada!', 'Hello before-1!'], events },
    { output: ['Hello Ada!', 'Hello before-2!'], events },
    { output: ['Hello Grace!', 'Hello journal-1!'], events },
  ];

  it('is read as it is by a read-only open, which leaves its files untouched', async () => {
    const target = copyOfFormat3Store();
    const before = snapshotBytes(target.dir);
    const store = await openStore({ path: target.store, readOnly: true });
    try {
      assert.deepEqual(await histories(store), expected);
    } finally {
      await store.close();
    }
    assert.deepEqual(snapshotBytes(target.dir), before);
  });

  it('is upgraded to format 4 by the first writer, keeping every instance and history event', async () => {
    const target = copyOfFormat3Store();
    await (await openStore({ path: target.store })).close();
    assert.equal(fs.readFileSync(target.journal, 'latin1'), 'DTSJOURNAL4\n', 'the journal was folded into the snapshot and rewritten');
    const store = await openStore({ path: target.store });
    let image: StoreFiles;
    try {
      assert.deepEqual(await histories(store), expected);
      await createClient({ store }).start('Greet', 'Lin', { instanceId: 'after' });
      // Recovered from the journal (as after a crash, no closing snapshot): records in the new layout read back too.
      image = files.track(crashImage(target, 'format3-crash'));
    } finally {
      await store.close();
    }
    const reopened = await openStore({ path: image.store, readOnly: true });
    try {
      assert.equal((await createClient({ store: reopened }).getStatus('after'))?.runtimeStatus, 'Pending');
    } finally {
      await reopened.close();
    }
  });
});
