import { strict as assert } from 'node:assert';
import { request, startOrchestration, startTestServer, waitForStatus, WEBHOOK, type TestServer } from './httpHarness';

describe('HTTP API: GET /runtime/webhooks/durabletask/instances (list)', () => {
  let server: TestServer;
  const list = (query = '') => request('GET', `${server.url}${WEBHOOK}/instances${query}`);
  const ids = (body: { instanceId: string }[]) => body.map((status) => status.instanceId).sort();

  before(async () => {
    server = await startTestServer();
    for (const name of ['ada', 'grace', 'linus']) await startOrchestration(server, 'Greet', name, `greet-${name}`);
    for (const request of ['trip', 'desk']) await startOrchestration(server, 'Approval', request, `approval-${request}`);
    for (const name of ['ada', 'grace', 'linus']) await waitForStatus(server, `greet-${name}`, 'Completed');
    for (const request of ['trip', 'desk']) await waitForStatus(server, `approval-${request}`, 'Running');
  });
  after(() => server.close());

  it('lists every instance with its status when no filter is given', async () => {
    const reply = await list();
    assert.equal(reply.status, 200);
    assert.deepEqual(ids(reply.body), ['approval-desk', 'approval-trip', 'greet-ada', 'greet-grace', 'greet-linus']);
    assert.equal(reply.body.find((status: { instanceId: string }) => status.instanceId === 'greet-ada').output, 'Hello ada!');
  });

  it('filters by runtimeStatus, one or several', async () => {
    assert.deepEqual(ids((await list('?runtimeStatus=Running')).body), ['approval-desk', 'approval-trip']);
    assert.deepEqual(ids((await list('?runtimeStatus=Completed')).body), ['greet-ada', 'greet-grace', 'greet-linus']);
    assert.equal((await list('?runtimeStatus=Running,Completed')).body.length, 5);
    assert.deepEqual((await list('?runtimeStatus=Failed')).body, []);
  });

  it('filters by orchestration name', async () => {
    assert.deepEqual(ids((await list('?name=Approval')).body), ['approval-desk', 'approval-trip']);
    assert.deepEqual((await list('?name=NoSuchThing')).body, []);
  });

  it('returns at most top instances', async () => {
    assert.equal((await list('?top=2')).body.length, 2);
    assert.equal((await list('?name=Greet&top=1')).body.length, 1);
    assert.equal((await list('?name=Greet&top=1')).body[0].name, 'Greet');
  });

  it('answers 400 for an unknown runtimeStatus or a bad top', async () => {
    const badStatus = await list('?runtimeStatus=Done');
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.body.error, /Unknown runtimeStatus 'Done'/);
    const badTop = await list('?top=lots');
    assert.equal(badTop.status, 400);
    assert.match(badTop.body.error, /top must be a whole number from 0 to 999999999, got 'lots'/);
  });
});
