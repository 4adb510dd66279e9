import { strict as assert } from 'node:assert';
import { instanceUrl, request, startOrchestration, startTestServer, waitForStatus, type TestServer } from './httpHarness';

describe('HTTP API: an activity whose result cannot be serialised', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('fails that activity with a clear error the orchestration catches as TaskFailedError, leaving other instances undisturbed', async () => {
    const greetings = await Promise.all(['ada', 'grace', 'linus'].map((name) => startOrchestration(server, 'Greet', name)));
    const unserialisable = await startOrchestration(server, 'Unserialisable');
    const approval = await startOrchestration(server, 'Approval', 'trip');

    const done = await waitForStatus(server, unserialisable, 'Completed');
    assert.equal(done.status, 200);
    assert.match(done.body.output.bigint, /^TaskFailedError: .*'BigIntResult'.*cannot be serialised to JSON.*BigInt/);
    assert.match(done.body.output.cycle, /^TaskFailedError: .*'CyclicResult'.*cannot be serialised to JSON.*circular/i);

    for (const [index, id] of greetings.entries()) {
      assert.equal((await waitForStatus(server, id, 'Completed')).body.output, `Hello ${['ada', 'grace', 'linus'][index]}!`);
    }
    assert.equal((await request('POST', instanceUrl(server, approval, '/raiseEvent/Approval'), 'true')).status, 202);
    assert.equal((await waitForStatus(server, approval, 'Completed')).body.output, 'trip: approved');
  });

  it('records the failure as a TaskFailed history event', async () => {
    const id = await startOrchestration(server, 'Unserialisable');
    await waitForStatus(server, id, 'Completed');
    const { body } = await request('GET', instanceUrl(server, id, '?showHistory=true'));
    const failed = (body.historyEvents as { EventType: string; Name?: string; Reason?: string }[]).filter((event) => event.EventType === 'TaskFailed');
    assert.deepEqual(failed.map((event) => event.Name), ['BigIntResult', 'CyclicResult']);
    for (const event of failed) assert.match(event.Reason ?? '', /cannot be serialised to JSON/);
  });
});
