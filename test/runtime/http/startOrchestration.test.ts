import { strict as assert } from 'node:assert';
import { request, startTestServer, WEBHOOK, type TestServer } from './httpHarness';

describe('HTTP API: POST /api/orchestrators/{name}', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('answers 202 with Location, Retry-After and the Durable Functions check-status payload, whose URLs carry a query string', async () => {
    const reply = await request('POST', `${server.url}/api/orchestrators/Greet`, '"Ada"');
    assert.equal(reply.status, 202);
    const id: string = reply.body.id;
    assert.match(id, /^\w+$/);
    const instance = `${server.url}${WEBHOOK}/instances/${id}`;
    const query = 'taskHub=DurableTs&connection=Storage';
    assert.deepEqual(reply.body, {
      id,
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    });
    assert.equal(reply.headers.get('location'), `${instance}?${query}`);
    assert.equal(reply.headers.get('retry-after'), '10');
    assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('the Location URL it returns leads to the instance and its output', async () => {
    const started = await request('POST', `${server.url}/api/orchestrators/Greet`, '"Grace"');
    const status = await server.runtime.client.waitForCompletion(started.body.id, { timeoutMs: 5000 });
    assert.equal(status.runtimeStatus, 'Completed');
    const reply = await request('GET', started.headers.get('location')!);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.output, 'Hello Grace!');
    assert.equal(reply.body.input, 'Grace');
  });

  it('uses the instance id given in the path', async () => {
    const reply = await request('POST', `${server.url}/api/orchestrators/Greet/order-42`, '"Linus"');
    assert.equal(reply.status, 202);
    assert.equal(reply.body.id, 'order-42');
    assert.equal(reply.headers.get('location'), `${server.url}${WEBHOOK}/instances/order-42?taskHub=DurableTs&connection=Storage`);
    assert.equal((await server.runtime.client.waitForCompletion('order-42', { timeoutMs: 5000 })).output, 'Hello Linus!');
  });

  it('answers 409 when an instance with that id is still running, and leaves it alone', async () => {
    assert.equal((await request('POST', `${server.url}/api/orchestrators/Approval/pending-1`, '"trip"')).status, 202);
    const again = await request('POST', `${server.url}/api/orchestrators/Greet/pending-1`, '"other"');
    assert.equal(again.status, 409);
    assert.match(again.body.error, /pending-1.*already exists/);
    assert.equal((await server.runtime.client.getStatus('pending-1'))?.name, 'Approval');
  });

  it('treats an empty body as no input', async () => {
    const reply = await request('POST', `${server.url}/api/orchestrators/Greet`, '');
    assert.equal(reply.status, 202);
    const status = await server.runtime.client.waitForCompletion(reply.body.id, { timeoutMs: 5000 });
    assert.equal(status.input, null);
    assert.equal(status.output, 'Hello nobody!');
  });

  it('answers 400 with a message for a malformed JSON body, and starts nothing', async () => {
    const before = (await server.runtime.client.list()).length;
    const reply = await request('POST', `${server.url}/api/orchestrators/Greet/malformed`, '{"name": ');
    assert.equal(reply.status, 400);
    assert.match(reply.body.error, /not valid JSON/);
    assert.equal((await server.runtime.client.list()).length, before);
    assert.equal(await server.runtime.client.getStatus('malformed'), undefined);
  });

  it('starts under the version ?version= names, and answers 400 for a bad one, starting nothing', async () => {
    const reply = await request('POST', `${server.url}/api/orchestrators/Greet/versioned?version=2024.06-b`, '"Vint"');
    assert.equal(reply.status, 202);
    assert.equal((await server.runtime.client.waitForCompletion('versioned', { timeoutMs: 5000 })).version, '2024.06-b');
    const bad = await request('POST', `${server.url}/api/orchestrators/Greet/bad-version?version=${'9'.repeat(101)}`, '1');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /a version is at most 100 characters/);
    assert.equal(await server.runtime.client.getStatus('bad-version'), undefined);
  });

  it('answers 404 naming the registered orchestrations for an unknown one, and starts nothing', async () => {
    const before = (await server.runtime.client.list()).length;
    const reply = await request('POST', `${server.url}/api/orchestrators/NoSuchThing`, '1');
    assert.equal(reply.status, 404);
    assert.match(reply.body.error, /Unknown orchestration 'NoSuchThing'.*Registered: Greet, Approval/);
    assert.equal((await server.runtime.client.list()).length, before);
  });

  it('also starts through the built-in webhook path of Durable Functions', async () => {
    const reply = await request('POST', `${server.url}/runtime/webhooks/durabletask/orchestrators/Greet/webhook-start`, '"Edsger"');
    assert.equal(reply.status, 202);
    assert.equal(reply.body.id, 'webhook-start');
  });

  it('answers 405 for a GET on the start endpoint', async () => {
    const reply = await request('GET', `${server.url}/api/orchestrators/Greet`);
    assert.equal(reply.status, 405);
    assert.match(reply.body.error, /use POST/);
  });
});
