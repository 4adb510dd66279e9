import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as durable from '../../runtime/src/index';
import * as internal from '../../runtime/src/internal';
import { createRuntime, DurableApp } from '../../runtime/src/index';
import { serveHttpApi } from '../../runtime/src/http/httpApi';
import { FileStoreAccess } from '../../client/src/explorer/fileStoreAccess';
import type { RuntimeModules } from '../../client/src/explorer/storeAccess';

const modules = { durable, internal } as unknown as RuntimeModules;
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

/** Payment fails until `repaired` is set. */
function paymentApp(state: { repaired: boolean }): DurableApp {
  const app = new DurableApp();
  const charge = app.activity('Charge', async (amount: number) => {
    if (!state.repaired) throw new Error(`card declined for ${amount}`);
    return `charged ${amount}`;
  });
  app.orchestration('Pay', async (ctx, amount: number) => ctx.callActivity(charge, amount));
  return app;
}

describe("instance explorer: Rewind and Restart on an instance", () => {
  let dir: string;
  let storePath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-explorer-rewind-'));
    storePath = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are offered on the context menu: Rewind on Failed instances, Restart on finished ones', () => {
    const menu = manifest.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const when = (command: string) => menu.find((entry) => entry.command === command)?.when ?? '';
    const offered = (command: string, status: string) => new RegExp(when(command).match(/viewItem (?:==|=~) \/?(.+?)\/?$/)![1].replace(/\\\\/g, '\\')).test(`durableInstance.${status}`);
    assert.deepEqual(['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'Suspended'].filter((status) => offered('durableTs.instance.rewind', status)), ['Failed']);
    assert.deepEqual(['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'Suspended'].filter((status) => offered('durableTs.instance.restart', status)), ['Completed', 'Failed', 'Terminated']);
  });

  it('go through the API of the process that owns the store (the client the explorer uses then), which runs them', async () => {
    const state = { repaired: false };
    const runtime = await createRuntime({ app: paymentApp(state), store: storePath });
    const api = await serveHttpApi({ client: runtime.client, port: 0 });
    try {
      const id = await runtime.client.start('Pay', 12);
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).runtimeStatus, 'Failed');
      state.repaired = true;
      const client = new internal.RemoteClient(api.url);
      await client.rewind(id, 'card fixed');
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, 'charged 12');
      const again = await client.restart(id);
      assert.notEqual(again, id);
      assert.equal((await runtime.client.waitForCompletion(again, { timeoutMs: 10_000 })).output, 'charged 12');
      await assert.rejects(client.rewind(id), /is Completed; only a Failed instance can be rewound/);
    } finally {
      await api.close();
      await runtime.close();
    }
  });

  it('on a store no process owns, they are recorded, and run when a runtime next opens it', async () => {
    const state = { repaired: false };
    let runtime = await createRuntime({ app: paymentApp(state), store: storePath });
    const id = await runtime.client.start('Pay', 30);
    await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
    await runtime.close();
    const access = new FileStoreAccess(modules, storePath);
    await access.write((client) => client.rewind(id));
    const restarted = await access.write((client) => client.restart(id));
    assert.equal((await access.history(id))!.runtimeStatus, 'Running');
    assert.equal((await access.history(restarted))!.runtimeStatus, 'Pending');
    state.repaired = true;
    runtime = await createRuntime({ app: paymentApp(state), store: storePath });
    try {
      assert.equal((await runtime.client.waitForCompletion(id, { timeoutMs: 10_000 })).output, 'charged 30');
      assert.equal((await runtime.client.waitForCompletion(restarted, { timeoutMs: 10_000 })).output, 'charged 30');
    } finally {
      await runtime.close();
    }
  });
});
