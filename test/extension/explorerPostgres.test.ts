import { strict as assert } from 'node:assert';
import { createRuntime, type DurableRuntime, type OrchestrationStatus } from '../../runtime/src/index';
import * as durable from '../../runtime/src/index';
import * as internal from '../../runtime/src/internal';
import * as storeOpening from '../../runtime/src/store/open';
import * as storeUrl from '../../runtime/src/store/postgres/storeUrl';
import pg from 'pg';
import { PostgresStoreAccess } from '../../client/src/explorer/postgresStoreAccess';
import { storeAccessFor, type RuntimeModules, type StoreAccess } from '../../client/src/explorer/storeAccess';
import { toListFilter } from '../../client/src/explorer/instanceFilter';
import { approvalApp } from './support/approvalApp';
import { freshDatabase } from '../runtime/helpers/postgres';

const modules = { durable, internal, storeOpening, storeUrl, pg } as unknown as RuntimeModules;


/** Resolves once a listing of the store, made again on each change the watcher reports, shows what `matches` accepts. */
async function untilListed(access: StoreAccess, matches: (instances: OrchestrationStatus[]) => boolean): Promise<OrchestrationStatus[]> {
  let watcher: { dispose(): void } | undefined;
  try {
    return await new Promise<OrchestrationStatus[]>((resolve, reject) => {
      const check = () => access.list({}).then((instances) => matches(instances) && resolve(instances), reject);
      watcher = access.watch(() => void check());
    });
  } finally {
    watcher?.dispose();
  }
}

describe('instance explorer: a PostgreSQL store', function () {
  this.timeout(60_000);
  let url: string;
  let runtime: DurableRuntime | undefined;
  let access: StoreAccess | undefined;

  beforeEach(async () => {
    url = await freshDatabase();
  });
  afterEach(async () => {
    await access?.dispose();
    await runtime?.close();
    access = runtime = undefined;
  });

  it('lists the instances a process runs on the database, opens their histories, and follows them as they change', async () => {
    runtime = await createRuntime({ app: approvalApp(), store: url });
    await runtime.client.start('Hello', 'Oslo', { instanceId: 'hello-1' });
    await runtime.client.start('Approval', 'laptop', { instanceId: 'approval-1' });
    await runtime.client.waitForCompletion('hello-1', { timeoutMs: 15_000 });

    access = storeAccessFor(modules, url);
    assert.ok(access instanceof PostgresStoreAccess);
    assert.deepEqual((await access.list({})).map((status) => [status.instanceId, status.runtimeStatus]).sort(), [['approval-1', 'Running'], ['hello-1', 'Completed']]);
    assert.deepEqual((await access.list(toListFilter({ name: 'Approval', statuses: ['Running'] }, new Date()))).map((status) => status.instanceId), ['approval-1']);
    assert.deepEqual((await access.list(toListFilter({ idPrefix: 'hello' }, new Date()))).map((status) => status.instanceId), ['hello-1']);
    const history = await access.history('hello-1');
    assert.deepEqual(history?.historyEvents?.map((event) => event.EventType).filter((type) => !type.startsWith('Orchestrator')), ['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
    assert.equal(await access.history('no-such-instance'), undefined);

    // The tree's Raise Event: the process serving the database delivers it, and the watcher sees the instance finish.
    await access.write((client) => client.raiseEvent('approval-1', 'Approval', true));
    const listed = await untilListed(access, (instances) => instances.some((status) => status.instanceId === 'approval-1' && status.runtimeStatus === 'Completed'));
    assert.equal(listed.find((status) => status.instanceId === 'approval-1')?.output, 'laptop: approved');
  });

  it('records commands while no process serves the database, which the next one runs; purges', async () => {
    runtime = await createRuntime({ app: approvalApp(), store: url });
    await runtime.client.start('Approval', 'chair', { instanceId: 'approval-1' });
    await runtime.client.start('Approval', 'desk', { instanceId: 'approval-2' });
    await runtime.close();
    runtime = undefined;

    access = storeAccessFor(modules, url);
    await access.write((client) => client.terminate('approval-1', 'not needed'));
    runtime = await createRuntime({ app: approvalApp(), store: url });
    assert.equal((await runtime.client.waitForCompletion('approval-1', { timeoutMs: 15_000 })).runtimeStatus, 'Terminated');
    assert.equal((await access.list({ instanceIdPrefix: 'approval-1' }))[0].runtimeStatus, 'Terminated');
    await access.write((client) => client.purge('approval-1'));
    assert.deepEqual((await access.list({})).map((status) => status.instanceId), ['approval-2'], 'the purged instance is gone at once');
  });

  it('notices a change made by another process while nothing else happens', async () => {
    access = storeAccessFor(modules, url);
    assert.deepEqual(await access.list({}), [], 'a database no process has used yet has no instance');
    const listed = untilListed(access, (instances) => instances.some((status) => status.instanceId === 'approval-1' && status.runtimeStatus === 'Running'));
    runtime = await createRuntime({ app: approvalApp(), store: url });
    await runtime.client.start('Approval', 'lamp', { instanceId: 'approval-1' });
    assert.deepEqual((await listed).map((status) => status.instanceId), ['approval-1']);
  });

  it('names a database it cannot reach without its password, and tries it again on the next read', async () => {
    access = storeAccessFor(modules, 'postgres://durable:s3cret@127.0.0.1:1/nowhere');
    assert.ok(!access.label.includes('s3cret'), access.label);
    await assert.rejects(access.list({}), (error: Error) => /Cannot open the store/.test(error.message) && !error.message.includes('s3cret'));
    await assert.rejects(access.list({}), /Cannot open the store/, 'tried again, not a cached failure');
  });
});
