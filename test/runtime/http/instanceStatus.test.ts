import { strict as assert } from 'node:assert';
import { instanceUrl, request, startOrchestration, startTestServer, waitForStatus, type TestServer } from './httpHarness';

describe('HTTP API: GET /runtime/webhooks/durabletask/instances/{id}', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('answers 202 while the orchestration runs and 200 with its output once it completed', async () => {
    const id = await startOrchestration(server, 'Slow');
    const running = await waitForStatus(server, id, 'Running');
    assert.equal(running.status, 202);
    server.release();
    const done = await waitForStatus(server, id, 'Completed');
    assert.equal(done.status, 200);
    assert.equal(done.body.output, 'released');
  });

  it('returns the Durable Functions status fields', async () => {
    const id = await startOrchestration(server, 'Greet', 'Ada', 'status-fields');
    const { body } = await waitForStatus(server, id, 'Completed');
    assert.deepEqual(Object.keys(body).sort(), ['createdTime', 'customStatus', 'input', 'instanceId', 'lastUpdatedTime', 'name', 'output', 'runtimeStatus', 'version']);
    assert.equal(body.name, 'Greet');
    assert.equal(body.instanceId, 'status-fields');
    assert.equal(body.input, 'Ada');
    assert.equal(body.output, 'Hello Ada!');
    assert.equal(body.customStatus, null);
    assert.ok(Date.parse(body.createdTime) <= Date.parse(body.lastUpdatedTime));
  });

  it('with showHistory=true lists the history events, each with EventType and Timestamp', async () => {
    const id = await startOrchestration(server, 'Greet', 'Ada');
    await waitForStatus(server, id, 'Completed');
    const reply = await request('GET', instanceUrl(server, id, '?showHistory=true'));
    assert.equal(reply.status, 200);
    const events = reply.body.historyEvents as { EventType: string; Timestamp: string; Name?: string }[];
    const types = events.map((event) => event.EventType);
    for (const type of ['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']) assert.ok(types.includes(type), `${type} in ${types}`);
    assert.ok(types.indexOf('TaskScheduled') < types.indexOf('TaskCompleted'));
    for (const event of events) assert.ok(!Number.isNaN(Date.parse(event.Timestamp)), `${event.EventType} has a Timestamp`);
    assert.equal(events.find((event) => event.EventType === 'TaskScheduled')?.Name, 'SayHello');
    const plain = await request('GET', instanceUrl(server, id));
    assert.equal(plain.body.historyEvents, undefined, 'no history unless asked for');
  });

  it('answers 400 for a failed orchestration, with the failure in the output', async () => {
    const id = await startOrchestration(server, 'Checkout', 25);
    const reply = await waitForStatus(server, id, 'Failed');
    assert.equal(reply.status, 400);
    assert.match(JSON.stringify(reply.body.output), /card declined for 25/);
  });

  it('answers 404 for an unknown instance', async () => {
    const reply = await request('GET', instanceUrl(server, 'no-such-instance'));
    assert.equal(reply.status, 404);
    assert.match(reply.body.error, /no-such-instance/);
  });

  it('answers 404 for a path that is no endpoint', async () => {
    const reply = await request('GET', `${server.url}/runtime/webhooks/durabletask/nothing-here`);
    assert.equal(reply.status, 404);
    assert.match(reply.body.error, /No such endpoint/);
  });
});
