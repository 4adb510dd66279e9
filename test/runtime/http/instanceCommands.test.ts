import { strict as assert } from 'node:assert';
import { instanceUrl, request, startOrchestration, startTestServer, waitForStatus, type TestServer } from './httpHarness';

describe('HTTP API: raiseEvent, terminate, suspend, resume and purge', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('raiseEvent answers 202 and the event completes the orchestration waiting for it', async () => {
    const id = await startOrchestration(server, 'Approval', 'trip');
    await waitForStatus(server, id, 'Running');
    const raised = await request('POST', instanceUrl(server, id, '/raiseEvent/Approval'), 'true');
    assert.equal(raised.status, 202);
    const done = await waitForStatus(server, id, 'Completed');
    assert.equal(done.body.output, 'trip: approved');
  });

  it('raiseEvent with a malformed JSON body answers 400 and the instance keeps waiting', async () => {
    const id = await startOrchestration(server, 'Approval', 'car');
    await waitForStatus(server, id, 'Running');
    const raised = await request('POST', instanceUrl(server, id, '/raiseEvent/Approval'), 'tru');
    assert.equal(raised.status, 400);
    assert.match(raised.body.error, /not valid JSON/);
    assert.equal((await request('POST', instanceUrl(server, id, '/raiseEvent/Approval'), 'false')).status, 202);
    assert.equal((await waitForStatus(server, id, 'Completed')).body.output, 'car: rejected');
  });

  it('terminate answers 202; the instance is then Terminated and its status answers 400', async () => {
    const id = await startOrchestration(server, 'Approval', 'desk');
    await waitForStatus(server, id, 'Running');
    const terminated = await request('POST', instanceUrl(server, id, '/terminate?reason=no%20longer%20needed'));
    assert.equal(terminated.status, 202);
    const status = await waitForStatus(server, id, 'Terminated');
    assert.equal(status.status, 400);
    assert.equal(status.body.output, 'no longer needed');
  });

  it('suspend holds an event raised meanwhile; resume lets the orchestration take it and finish', async () => {
    const id = await startOrchestration(server, 'Approval', 'laptop');
    await waitForStatus(server, id, 'Running');
    assert.equal((await request('POST', instanceUrl(server, id, '/suspend?reason=audit'))).status, 202);
    const suspended = await waitForStatus(server, id, 'Suspended');
    assert.equal(suspended.status, 202);

    assert.equal((await request('POST', instanceUrl(server, id, '/raiseEvent/Approval'), 'true')).status, 202);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const held = await request('GET', instanceUrl(server, id));
    assert.equal(held.body.runtimeStatus, 'Suspended', 'the event does not run a suspended orchestration');
    assert.equal(held.body.output, null);

    assert.equal((await request('POST', instanceUrl(server, id, '/resume?reason=audit%20done'))).status, 202);
    const done = await waitForStatus(server, id, 'Completed');
    assert.equal(done.body.output, 'laptop: approved');
  });

  it('DELETE purges a finished instance: 200, then its status is 404', async () => {
    const id = await startOrchestration(server, 'Greet', 'Ada');
    await waitForStatus(server, id, 'Completed');
    const purged = await request('DELETE', instanceUrl(server, id));
    assert.equal(purged.status, 200);
    assert.deepEqual(purged.body, { instancesDeleted: 1 });
    assert.equal((await request('GET', instanceUrl(server, id))).status, 404);
    assert.equal((await request('DELETE', instanceUrl(server, id))).status, 404, 'purging it again');
  });

  it('DELETE of a running instance answers 400 saying to terminate it first, and keeps it', async () => {
    const id = await startOrchestration(server, 'Approval', 'chair');
    await waitForStatus(server, id, 'Running');
    const purged = await request('DELETE', instanceUrl(server, id));
    assert.equal(purged.status, 400);
    assert.match(purged.body.error, /terminate it before purging/);
    assert.equal((await request('GET', instanceUrl(server, id))).status, 202);
  });
});
