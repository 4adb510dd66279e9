import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as durable from '../../runtime/src/index';
import * as internal from '../../runtime/src/internal';
import { createRuntime } from '../../runtime/src/index';
import { serveHttpApi } from '../../runtime/src/http/httpApi';
import { FileStoreAccess } from '../../client/src/explorer/fileStoreAccess';
import type { RuntimeModules } from '../../client/src/explorer/storeAccess';
import { InstancePages } from '../../client/src/explorer/instancePages';
import { toListFilter } from '../../client/src/explorer/instanceFilter';
import { approvalApp } from './support/approvalApp';

const modules = { durable, internal } as unknown as RuntimeModules;


function storeFiles(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).map((file) => [file, fs.readFileSync(path.join(dir, file)).toString('base64')]));
}

describe('instance explorer: reading a store', () => {
  let dir: string;
  let storePath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-explorer-'));
    storePath = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists a closed store\'s instances by filter, newest first a page at a time, and leaves its files byte for byte as they were', async () => {
    const runtime = await createRuntime({ app: approvalApp(), store: storePath });
    for (let i = 0; i < 150; i++) await runtime.client.start('Hello', `n${i}`, { instanceId: `hello-${String(i).padStart(3, '0')}` });
    for (let i = 0; i < 3; i++) await runtime.client.start('Approval', 'laptop', { instanceId: `approval-${i}` });
    await runtime.client.waitForCompletion('hello-149', { timeoutMs: 15_000 });
    await runtime.close();
    const before = storeFiles(dir);

    const access = new FileStoreAccess(modules, storePath);
    assert.equal(access.apiUrl(), undefined);
    const approvals = await access.list(toListFilter({ name: 'Approval' }, new Date()));
    assert.deepEqual(approvals.map((status) => status.instanceId).sort(), ['approval-0', 'approval-1', 'approval-2']);
    assert.ok(approvals.every((status) => status.runtimeStatus === 'Running'));
    assert.equal((await access.list(toListFilter({ idPrefix: 'hello-14', statuses: ['Completed'] }, new Date()))).length, 10);
    assert.equal((await access.list(toListFilter({ createdWithinMs: 60_000 }, new Date(Date.now() + 3_600_000)))).length, 0, 'nothing was created in the hour before an hour from now');

    const pages = new InstancePages(100);
    const all = await access.list({});
    const first = pages.page(all);
    assert.equal(first.total, 153);
    assert.equal(first.shown.length, 100);
    assert.ok(first.shown.every((status, i) => i === 0 || first.shown[i - 1].createdTime >= status.createdTime), 'newest first');
    pages.loadMore();
    assert.equal(pages.page(all).shown.length, 153);
    assert.equal((await access.history('hello-007'))?.historyEvents?.some((event) => event.EventType === 'TaskCompleted'), true);
    assert.deepEqual(storeFiles(dir), before, 'reading wrote nothing');
  });

  it('never holds the store\'s lock while it reads: a run starting meanwhile is not refused', async () => {
    const first = await createRuntime({ app: approvalApp(), store: storePath });
    await first.client.start('Approval', 'lamp', { instanceId: 'approval-1' });
    await first.close();
    const reading = new FileStoreAccess(modules, storePath).list({});
    const runtime = await createRuntime({ app: approvalApp(), store: storePath });
    await runtime.close();
    assert.deepEqual((await reading).map((status) => status.instanceId), ['approval-1']);
  });

  it('reads the files when the API the lock names no longer answers (its owner is stopping)', async () => {
    const runtime = await createRuntime({ app: approvalApp(), store: storePath });
    try {
      await runtime.client.start('Approval', 'pen', { instanceId: 'approval-1' });
      const api = await serveHttpApi({ client: runtime.client, port: 0 });
      (runtime.store as unknown as { storeLock: { advertise(url: string): void } }).storeLock.advertise(api.url);
      await api.close();
      assert.deepEqual((await new FileStoreAccess(modules, storePath).list({})).map((status) => status.instanceId), ['approval-1']);
    } finally {
      await runtime.close();
    }
  });

  it('lists no instance, and reads no file into being, where nothing has run yet', async () => {
    const access = new FileStoreAccess(modules, path.join(dir, '.durable', 'store.db'));
    assert.deepEqual(await access.list({}), []);
    assert.equal(fs.existsSync(path.join(dir, '.durable')), false);
    await assert.rejects(access.write((client) => client.terminate('x')), /No store at .*run an orchestration first/);
  });

  it('raises an event on a store no process owns, which the next run then delivers', async () => {
    let runtime = await createRuntime({ app: approvalApp(), store: storePath });
    await runtime.client.start('Approval', 'chair', { instanceId: 'approval-1' });
    await runtime.close();
    await new FileStoreAccess(modules, storePath).write((client) => client.raiseEvent('approval-1', 'Approval', true));
    runtime = await createRuntime({ app: approvalApp(), store: storePath });
    assert.equal((await runtime.client.waitForCompletion('approval-1', { timeoutMs: 15_000 })).output, 'chair: approved');
    await runtime.close();
  });

  it('goes through the API the owning process names in the lock: lists, raises, starts', async () => {
    const runtime = await createRuntime({ app: approvalApp(), store: storePath });
    const api = await serveHttpApi({ client: runtime.client, port: 0 });
    try {
      (runtime.store as unknown as { storeLock: { advertise(url: string): void } }).storeLock.advertise(api.url);
      const access = new FileStoreAccess(modules, storePath);
      assert.equal(access.apiUrl(), api.url);
      const id = await access.startInServer('Approval', 'desk');
      assert.ok(id);
      assert.deepEqual((await access.list({})).map((status) => status.instanceId), [id]);
      await access.write((client) => client.raiseEvent(id, 'Approval', false));
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 15_000 })).output, 'desk: rejected');
      await assert.rejects(access.startInServer('NoSuchThing', null), /NoSuchThing/);
    } finally {
      await api.close();
      await runtime.close();
    }
  });
});
