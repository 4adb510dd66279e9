import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { fixtureApp, startServe, tempDir, type ServeProcess } from '../cli/cliProcess';
import { durableClient } from './durableFunctionsBinding';

async function statusOf(client: df.DurableClient, id: string, wanted: string): Promise<df.DurableOrchestrationStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await client.getStatus(id);
    if (status.runtimeStatus === wanted) return status;
    if (Date.now() > deadline) assert.fail(`${id} is ${status.runtimeStatus}, not ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Durable Functions' own JavaScript client (durable-functions 3.x) against `durable-ts serve`", function () {
  this.timeout(60_000);
  const temp = tempDir('df-client');
  const repaired = (amount: number) => fs.writeFileSync(path.join(temp.dir, String(amount)), '');
  let serve: ServeProcess;
  let hostname: string | undefined;
  before(async () => {
    hostname = process.env.WEBSITE_HOSTNAME;
    serve = await startServe(fixtureApp('dfClient.ts'), ['--store', temp.store], { REPAIRED_DIR: temp.dir });
  });
  after(async () => {
    if (hostname === undefined) delete process.env.WEBSITE_HOSTNAME;
    else process.env.WEBSITE_HOSTNAME = hostname;
    await serve.stop();
    temp.remove();
  });

  for (const mode of ['rpc', 'webhook'] as const) {
    describe(`in ${mode} mode`, () => {
      let client: df.DurableClient;
      before(() => (client = durableClient(serve.url, mode)));
      const id = (name: string) => `${mode}-${name}`;

      it('startNew starts an instance (under its own id, or one it is given); getStatus shows it through to its output', async () => {
        const given = await client.startNew('Greet', { instanceId: id('greet'), input: 'Ada' });
        assert.equal(given, id('greet'));
        const generated = await client.startNew('Greet', { input: 'Grace' });
        assert.match(generated, /^\w{32}$/);
        const done = await statusOf(client, given, 'Completed');
        assert.equal(done.name, 'Greet');
        assert.equal(done.input, 'Ada');
        assert.equal(done.output, 'Hello Ada!');
        assert.ok(done.createdTime instanceof Date && done.lastUpdatedTime >= done.createdTime);
        await assert.rejects(client.startNew('NoSuchOrchestration'), /unexpected status code: 404.*NoSuchOrchestration/);
      });

      it('getStatus leaves the input out when asked, and shows the history in Durable Functions\' shape, results only with showHistoryOutput', async () => {
        await statusOf(client, id('greet'), 'Completed');
        if (mode === 'webhook') assert.equal((await client.getStatus(id('greet'), { showInput: false })).input, null);
        // In rpc mode the client sends showInput only when it is true; the server honours it on that path too.
        const rpcNoInput = await (await fetch(`${serve.url}/durabletask/instances/${id('greet')}?showInput=false`)).json();
        assert.equal(rpcNoInput.input, null);

        const plain = await client.getStatus(id('greet'), { showHistory: true });
        const history = plain.history as Record<string, unknown>[];
        assert.deepEqual(history.map((event) => event.EventType), ['ExecutionStarted', 'TaskCompleted', 'ExecutionCompleted']);
        assert.deepEqual(Object.keys(history[0]).sort(), ['EventType', 'FunctionName', 'Input', 'Timestamp']);
        assert.equal(history[0].FunctionName, 'Greet');
        assert.equal(history[1].FunctionName, 'SayHello');
        assert.equal(history[1].Input, '"Ada"', 'inputs are JSON text, as Durable Functions gives them');
        assert.ok(!('Result' in history[1]) && !('Result' in history[2]), 'no results unless asked for');
        assert.equal(history[2].OrchestrationStatus, 'Completed');

        const withOutput = (await client.getStatus(id('greet'), { showHistory: true, showHistoryOutput: true, showInput: false })).history as Record<string, unknown>[];
        assert.equal(withOutput[1].Result, 'Hello Ada!');
        assert.equal(withOutput[2].Result, 'Hello Ada!');
        if (mode === 'webhook') assert.ok(withOutput.every((event) => !('Input' in event)), 'showInput=false leaves the history inputs out too');
        await assert.rejects(client.getStatus(id('nobody')), /404.*nobody/);
      });

      it('raiseEvent delivers an event; to an unknown instance it says so', async () => {
        await client.startNew('Approval', { instanceId: id('approval'), input: 'trip' });
        await statusOf(client, id('approval'), 'Running');
        await client.raiseEvent(id('approval'), 'Approval', true);
        assert.equal((await statusOf(client, id('approval'), 'Completed')).output, 'trip: approved');
        await assert.rejects(client.raiseEvent(id('nobody'), 'Approval', true), /No instance with ID 'rpc-nobody'|No instance with ID 'webhook-nobody'/);
      });

      it('suspend, resume and terminate an instance', async () => {
        await client.startNew('Approval', { instanceId: id('held'), input: 'loan' });
        await statusOf(client, id('held'), 'Running');
        await client.suspend(id('held'), 'audit');
        await statusOf(client, id('held'), 'Suspended');
        await client.resume(id('held'), 'audit done');
        await statusOf(client, id('held'), 'Running');
        await client.terminate(id('held'), 'no longer needed');
        const terminated = await statusOf(client, id('held'), 'Terminated');
        assert.equal(terminated.output, 'no longer needed');
        await assert.rejects(client.terminate(id('nobody'), 'x'), /No instance with ID/);
      });

      it('rewind runs the failed activity again and the instance goes on, the completed one not run again; 412 unless Failed', async () => {
        const amount = mode === 'rpc' ? 101 : 201;
        await client.startNew('Checkout', { instanceId: id('checkout'), input: { item: id('book'), amount } });
        const failed = await statusOf(client, id('checkout'), 'Failed');
        assert.match(JSON.stringify(failed.output), /card declined/);
        await assert.rejects(client.rewind(id('greet'), 'not failed'), /only a Failed instance can be rewound/);
        await assert.rejects(client.rewind(id('nobody'), 'x'), new RegExp(`No orchestration instance with id '${id('nobody')}'`));
        repaired(amount);
        await client.rewind(id('checkout'), 'card fixed');
        const done = await statusOf(client, id('checkout'), 'Completed');
        assert.deepEqual(done.output, [`reserved ${id('book')} (run 1)`, `charged ${amount}`]);
        const history = (await client.getStatus(id('checkout'), { showHistory: true })).history as Record<string, unknown>[];
        assert.deepEqual(history.map((event) => event.EventType), ['ExecutionStarted', 'TaskCompleted', 'ExecutionRewound', 'TaskCompleted', 'ExecutionCompleted']);
        assert.equal(history[2].Reason, 'card fixed');
      });

      it('rewind of a parent rewinds its failed sub-orchestration, which completes, and so does the parent', async () => {
        const amount = mode === 'rpc' ? 102 : 202;
        await client.startNew('Checkout', { instanceId: id('checkout-child'), input: { item: id('lamp'), amount, viaChild: true } });
        await statusOf(client, id('checkout-child'), 'Failed');
        const [child] = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Failed] }).then((all) => all.filter((status) => status.name === 'Payment' && status.input === amount));
        assert.ok(child, 'the failed child is listed');
        repaired(amount);
        await client.rewind(id('checkout-child'), 'card fixed');
        assert.deepEqual((await statusOf(client, id('checkout-child'), 'Completed')).output, [`reserved ${id('lamp')} (run 1)`, `charged ${amount}`]);
        assert.equal((await client.getStatus(child.instanceId)).runtimeStatus, 'Completed');
      });

      it('createCheckStatusResponse and createHttpManagementPayload give URLs that work as they are, and with &showHistory appended; restartPostUri runs it again', async () => {
        const request = new HttpRequest({ url: `${serve.url}/api/start`, method: 'POST' });
        const response = client.createCheckStatusResponse(request, id('greet'));
        assert.equal(response.status, 202);
        assert.equal(response.headers.get('retry-after'), '10');
        const payload = (await response.json()) as Record<string, string>;
        assert.equal(response.headers.get('location'), payload.statusQueryGetUri);
        const links = client.createHttpManagementPayload(id('greet'));
        assert.deepEqual(Object.keys(links).sort(), ['id', 'purgeHistoryDeleteUri', 'restartPostUri', 'resumePostUri', 'rewindPostUri', 'sendEventPostUri', 'statusQueryGetUri', 'suspendPostUri', 'terminatePostUri']);
        const status = await (await fetch(links.statusQueryGetUri)).json();
        assert.equal(status.output, 'Hello Ada!');
        const withHistory = await (await fetch(`${links.statusQueryGetUri}&showHistory=true`)).json();
        assert.equal(withHistory.historyEvents.length, 3);

        const restarted = await fetch(links.restartPostUri, { method: 'POST' });
        assert.equal(restarted.status, 202);
        const again = (await restarted.json()) as { id: string; statusQueryGetUri: string };
        assert.notEqual(again.id, id('greet'), 'a new instance id, as Durable Functions restarts by default');
        assert.equal(restarted.headers.get('location'), again.statusQueryGetUri);
        const rerun = await statusOf(client, again.id, 'Completed');
        assert.equal(rerun.input, 'Ada');
        const sameId = await fetch(`${links.restartPostUri}&restartWithNewInstanceId=false`, { method: 'POST' });
        assert.equal(((await sameId.json()) as { id: string }).id, id('greet'));
        assert.equal((await statusOf(client, id('greet'), 'Completed')).output, 'Hello Ada!');
      });

      it('waitForCompletionOrCreateCheckStatusResponse answers with the output, or with the check-status response when it takes longer', async () => {
        const request = new HttpRequest({ url: `${serve.url}/api/start`, method: 'POST' });
        const started = await client.startNew('Greet', { input: 'Linus' });
        const finished = await client.waitForCompletionOrCreateCheckStatusResponse(request, started, { timeoutInMilliseconds: 10_000, retryIntervalInMilliseconds: 20 });
        assert.equal(finished.status, 200);
        assert.equal(await finished.json(), 'Hello Linus!');
        const waiting = await client.startNew('Approval', { input: 'visa' });
        const pending = await client.waitForCompletionOrCreateCheckStatusResponse(request, waiting, { timeoutInMilliseconds: 100, retryIntervalInMilliseconds: 20 });
        assert.equal(pending.status, 202);
        assert.equal(((await pending.json()) as { id: string }).id, waiting);
      });

      it('getStatusAll and getStatusBy list instances, following the continuation tokens of 100-instance pages; Canceled matches nothing', async () => {
        const from = new Date();
        const ids = await Promise.all(Array.from({ length: 130 }, (_, index) => client.startNew('Greet', { instanceId: id(`many-${index}`), input: `n${index}` })));
        for (const each of ids) await statusOf(client, each, 'Completed');
        const all = await client.getStatusAll();
        assert.ok(ids.every((each) => all.some((status) => status.instanceId === each)), 'every instance is listed, across pages');
        assert.equal(new Set(all.map((status) => status.instanceId)).size, all.length, 'none twice');
        const recent = await client.getStatusBy({ createdTimeFrom: from, runtimeStatus: [df.OrchestrationRuntimeStatus.Completed, df.OrchestrationRuntimeStatus.Canceled] });
        assert.deepEqual(recent.map((status) => status.instanceId).sort(), [...ids].sort());
        assert.deepEqual(await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Canceled] }), []);
      });

      it('purgeInstanceHistory purges one instance; purgeInstanceHistoryBy the finished ones of a time range and status', async () => {
        assert.deepEqual(await client.purgeInstanceHistory(id('held')), { instancesDeleted: 1 });
        await assert.rejects(client.getStatus(id('held')), /404/);
        assert.equal((await client.purgeInstanceHistory(id('held'))).instancesDeleted, 0);

        const from = new Date();
        const completed = await Promise.all(['a', 'b', 'c'].map((name) => client.startNew('Greet', { instanceId: id(`purge-${name}`), input: name })));
        for (const each of completed) await statusOf(client, each, 'Completed');
        await client.startNew('Approval', { instanceId: id('purge-running'), input: 'stays' });
        await statusOf(client, id('purge-running'), 'Running');
        const to = new Date();
        const purged = await client.purgeInstanceHistoryBy({ createdTimeFrom: from, createdTimeTo: to, runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] });
        assert.equal(purged.instancesDeleted, 3);
        for (const each of completed) await assert.rejects(client.getStatus(each), /404/);
        assert.equal((await client.getStatus(id('purge-running'))).runtimeStatus, 'Running', 'a running instance in the range is left alone');
        assert.equal((await client.getStatus(id('greet'))).runtimeStatus, 'Completed', 'one outside the range too');
        assert.equal((await client.purgeInstanceHistoryBy({ createdTimeFrom: from, createdTimeTo: to, runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).instancesDeleted, 0);
        await client.terminate(id('purge-running'), 'done');
      });
    });
  }

  it('reaches a server that requires a key through the webhook URLs, which carry it', async () => {
    const keyed = await startServe(fixtureApp('dfClient.ts'), ['--store', path.join(temp.dir, 'keyed.db'), '--key', 's3cret']);
    try {
      const client = durableClient(keyed.url, 'webhook', 's3cret');
      const started = await client.startNew('Greet', { input: 'Key' });
      assert.equal((await statusOf(client, started, 'Completed')).output, 'Hello Key!');
      assert.equal((await client.purgeInstanceHistory(started)).instancesDeleted, 1);
      const keyless = durableClient(keyed.url, 'webhook');
      await assert.rejects(keyless.getStatus(started), /401/);
    } finally {
      await keyed.stop();
    }
  });
});
