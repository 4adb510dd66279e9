import { strict as assert } from 'node:assert';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRuntime, DurableApp } from '../../../runtime/src';
import { cliMain, repoRoot, tempDir } from './cliProcess';
import { ResidentCheck, type AppCheck, type CheckRequest, type ResidentMessage } from '../../../runtime/src/check/residentCheck';

/** Version 1 of a three-file app: main.ts (what `serve` runs) imports orders.ts, which imports activities.ts. */
const ACTIVITIES = `import { app } from 'durable-ts';
export const reserve = app.activity('Reserve', async (item: string) => \`reserved \${item}\`);
export const ship = app.activity('Ship', async (item: string) => \`shipped \${item}\`);
`;
const ORDERS = `import { app } from 'durable-ts';
import { reserve, ship, first } from './activities.js';

app.orchestration('Order', async (ctx, item: string) => {
  await ctx.callActivity(first(), item);
  await ctx.waitForEvent('Paid');
  return ctx.callActivity(ship, item);
});
`;
const MAIN = `import { app } from 'durable-ts';
import './orders.js';
export default app;
`;
/** Which activity the order calls first: the edit a save of activities.ts makes. */
const firstIs = (handle: 'reserve' | 'ship') => `${ACTIVITIES}export const first = () => ${handle};\n`;

/** The check-service of the built CLI, as the editor starts it, with a way to ask it and wait for its answer. */
class Service {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  stderr = '';
  private lastId = 0;
  private readonly answers = new Map<number, (message: ResidentMessage) => void>();

  constructor(cwd: string) {
    this.child = fork(cliMain, ['check-service'], { cwd, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
    this.child.on('message', (message: ResidentMessage) => message.type === 'result' && this.answers.get(message.id)?.(message));
  }

  async check(request: Omit<CheckRequest, 'type' | 'id'>): Promise<AppCheck[]> {
    const id = ++this.lastId;
    const answer = new Promise<ResidentMessage>((resolve) => this.answers.set(id, resolve));
    this.child.send({ type: 'check', id, ...request });
    const message = await answer;
    assert.ok(message.type === 'result' && !message.cancelled);
    return message.apps;
  }

  exited(): Promise<number | null> {
    return this.child.exitCode !== null ? Promise.resolve(this.child.exitCode) : new Promise((resolve) => this.child.once('exit', resolve));
  }
}

/** Two orders waiting for their payment, recorded by version 1 (reserve first). */
async function storeWithWaitingOrders(store: string): Promise<void> {
  const app = new DurableApp();
  const reserve = app.activity('Reserve', async (item: string) => `reserved ${item}`);
  const ship = app.activity('Ship', async (item: string) => `shipped ${item}`);
  app.orchestration('Order', async (ctx, item: string) => {
    await ctx.callActivity(reserve, item);
    await ctx.waitForEvent('Paid');
    return ctx.callActivity(ship, item);
  });
  const runtime = await createRuntime({ app, store });
  await runtime.client.start('Order', 'lamp', { instanceId: 'order-1' });
  await runtime.client.start('Order', 'desk', { instanceId: 'order-2' });
  await runtime.worker.whenIdle();
  await runtime.close();
}

describe('check-service: the resident check on save', function () {
  this.timeout(60_000);
  const temp = tempDir('check-service');
  const file = (name: string) => path.join(temp.dir, 'src', name);
  let service: Service;

  before(async () => {
    // The app's folder resolves durable-ts to this repository's runtime, as an installed project does.
    fs.mkdirSync(path.join(temp.dir, 'node_modules'));
    fs.symlinkSync(path.join(repoRoot, 'runtime'), path.join(temp.dir, 'node_modules', 'durable-ts'), 'dir');
    fs.mkdirSync(path.join(temp.dir, 'src'));
    fs.writeFileSync(file('activities.ts'), firstIs('reserve'));
    fs.writeFileSync(file('orders.ts'), ORDERS);
    fs.writeFileSync(file('main.ts'), MAIN);
    await storeWithWaitingOrders(temp.store);
    service = new Service(temp.dir);
    await service.ready;
  });

  after(async () => {
    if (service.child.connected) service.child.disconnect();
    await service.exited();
    temp.remove();
  });

  const verdicts = (apps: AppCheck[]) => apps.map((checked) => ('report' in checked ? checked.report.instances : checked.error));

  it('checks the whole app a saved file belongs to, through the entry that imports it, as the file is on disk at each save', async () => {
    const saveActivities = async (handle: 'reserve' | 'ship') => {
      fs.writeFileSync(file('activities.ts'), firstIs(handle));
      return service.check({ store: temp.store, saved: file('activities.ts'), root: temp.dir, entries: [file('main.ts')] });
    };
    const compatible = await saveActivities('reserve');
    assert.deepEqual(compatible.map((checked) => checked.app), [file('main.ts')], 'the declared entry, not orders.ts that it imports');
    assert.deepEqual([...compatible[0].files].sort(), [file('activities.ts'), file('main.ts'), file('orders.ts')]);
    assert.deepEqual(verdicts(compatible), [[
      { instanceId: 'order-1', name: 'Order', version: '', runtimeStatus: 'Running', historyLength: 7, compatible: true },
      { instanceId: 'order-2', name: 'Order', version: '', runtimeStatus: 'Running', historyLength: 7, compatible: true },
    ]]);

    // A module once loaded is never loaded again in one thread: the edit must still be seen.
    const divergent = await saveActivities('ship');
    const [instances] = verdicts(divergent) as { compatible: boolean; divergence?: { now: string; sourceLocation?: string } }[][];
    assert.deepEqual(instances.map((instance) => instance.compatible), [false, false]);
    assert.match(instances[0].divergence!.now, /^the code called activity 'Ship' \(task 0\)$/);
    assert.equal(instances[0].divergence!.sourceLocation, `${file('orders.ts')}:5:13`, 'the new call, in the file that makes it');

    assert.deepEqual(verdicts(await saveActivities('reserve')).flat().map((instance) => (instance as { compatible: boolean }).compatible), [true, true]);
  });

  it('without a declared entry, checks the file that registers the orchestration, and nothing for a file no app imports', async () => {
    const apps = await service.check({ store: temp.store, saved: file('activities.ts'), root: temp.dir, entries: [] });
    assert.deepEqual(apps.map((checked) => checked.app), [file('orders.ts')]);
    fs.writeFileSync(file('notes.ts'), 'export const note: string = "unrelated";\n');
    assert.deepEqual(await service.check({ store: temp.store, saved: file('notes.ts'), root: temp.dir, entries: [] }), []);
  });

  it('reports app code that ends the check, or a store it cannot read, and answers the next check', async () => {
    fs.writeFileSync(file('exits.ts'), "import { app } from 'durable-ts';\napp.orchestration('Order', async () => 1);\nprocess.exit(3);\n");
    const [exited] = await service.check({ store: temp.store, saved: file('exits.ts'), root: path.dirname(file('exits.ts')), entries: [] });
    assert.deepEqual(exited, { app: file('exits.ts'), files: [file('exits.ts')], error: "The app's code ended the check (exit code 3) before it finished." });
    const [noStore] = await service.check({ store: path.join(temp.dir, 'missing.db'), saved: file('main.ts'), root: temp.dir, entries: [file('main.ts')] });
    assert.ok('error' in noStore && /^No store at .*missing\.db/.test(noStore.error), JSON.stringify(noStore));
    fs.rmSync(file('exits.ts'));
    const [fine] = await service.check({ store: temp.store, saved: file('main.ts'), root: temp.dir, entries: [file('main.ts')] });
    assert.ok('report' in fine && fine.report.compatible === 2, JSON.stringify(fine));
  });

  it('ends when the editor that started it goes, even in the middle of a check that never returns', async () => {
    fs.writeFileSync(file('spins.ts'), "import { app } from 'durable-ts';\napp.orchestration('Order', async () => 1);\nwhile (true) {}\n");
    const own = new Service(temp.dir);
    await own.ready;
    own.child.send({ type: 'check', id: 1, store: temp.store, saved: file('spins.ts'), entries: [] });
    own.child.disconnect();
    assert.equal(await own.exited(), 0, own.stderr);
    fs.rmSync(file('spins.ts'));
  });

  it('stops a check whose app never finishes loading, says so, and answers the next check', async () => {
    fs.writeFileSync(file('spins.ts'), "import { app } from 'durable-ts';\napp.orchestration('Order', async () => 1);\nwhile (true) {}\n");
    const results: ResidentMessage[] = [];
    const arrived = (count: number) => new Promise<void>((resolve) => {
      const poll = setInterval(() => results.length >= count && (clearInterval(poll), resolve()), 10);
    });
    const resident = new ResidentCheck((message) => results.push(message));
    try {
      resident.start();
      resident.receive({ type: 'check', id: 1, store: temp.store, saved: file('spins.ts'), entries: [], timeoutMs: 1500 });
      resident.receive({ type: 'check', id: 2, store: temp.store, saved: file('main.ts'), root: temp.dir, entries: [file('main.ts')] });
      await arrived(3);
      const [, spun, fine] = results as Extract<ResidentMessage, { type: 'result' }>[];
      assert.deepEqual(spun.apps.map((checked) => 'error' in checked && checked.error), [`The check of ${file('spins.ts')} did not finish in 1.5 s (module code of the app that never returns?), and was stopped.`]);
      assert.deepEqual(fine.apps.map((checked) => ('report' in checked ? checked.report.compatible : checked.error)), [2]);
    } finally {
      await resident.close();
      fs.rmSync(file('spins.ts'));
    }
  });
});
