import * as assert from 'node:assert/strict';
import { Worker as Thread } from 'node:worker_threads';
import { serveHttpApi } from '../../../runtime/src/http/httpApi';
import { DurableApp, withRuntime } from '../helpers/runtime';
import { freshStoreFiles, type StoreFiles } from '../store/support/storeFiles';

/**
 * A client on a thread of its own, so it reads the reply while the main thread is held: it starts the instance and
 * raises the flag once the reply's status has arrived.
 */
const CLIENT = `
const { workerData, parentPort } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
fetch(workerData.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '1' }).then(
  (reply) => { Atomics.store(flag, 0, reply.status); Atomics.notify(flag, 0); parentPort.postMessage(reply.status); },
  (error) => parentPort.postMessage(String(error)),
);`;

/** How long the held activity waits for the client's reply before it says it never came. */
const REPLY_DEADLINE_MS = 10_000;

describe('a start is answered before the work its sync releases runs', function () {
  this.timeout(30_000);
  let files: StoreFiles;
  beforeEach(() => (files = freshStoreFiles('start-reply')));
  afterEach(() => files.remove());

  it('answers an HTTP start while the activity its first turn sent out holds the process (as a debugger stopped in it does)', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const app = new DurableApp();
    // The main thread stands still here, as it does at a breakpoint: only a reply written before it can reach the client.
    const hold = app.activity('Hold', () => (Atomics.wait(flag, 0, 0, REPLY_DEADLINE_MS) === 'timed-out' ? 'the start was still unanswered' : 'the start was answered'));
    app.orchestration('HoldOnce', async (ctx) => ctx.callActivity(hold));
    await withRuntime(app, { store: files.store }, async (runtime) => {
      const api = await serveHttpApi({ client: runtime.client, port: 0 });
      try {
        const client = new Thread(CLIENT, { eval: true, workerData: { flag: flag.buffer, url: `${api.url}/api/orchestrators/HoldOnce/held` } });
        const status = await new Promise((resolve) => client.once('message', resolve));
        await client.terminate();
        assert.equal(status, 202);
        assert.equal((await runtime.client.waitForCompletion('held', { timeoutMs: 20_000 })).output, 'the start was answered');
      } finally {
        await api.close();
      }
    });
  });
});
