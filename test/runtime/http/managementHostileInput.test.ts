import { strict as assert } from 'node:assert';
import { instanceUrl, request, startOrchestration, startTestServer, WEBHOOK, type TestServer } from './httpHarness';

/** Malformed values and unknown ids on the purge, list, status, rewind and restart endpoints: a clear 4xx, and nothing changes. */
describe('HTTP API: hostile input to the management endpoints', () => {
  let server: TestServer;
  let instances: () => Promise<string[]>;
  before(async () => {
    server = await startTestServer();
    instances = async () => ((await request('GET', `${server.url}${WEBHOOK}/instances`)).body as { instanceId: string }[]).map((status) => status.instanceId).sort();
    await startOrchestration(server, 'Greet', 'Ada', 'done-1');
    await startOrchestration(server, 'Approval', 'trip', 'waiting-1');
    await startOrchestration(server, 'Checkout', 5, 'failed-1');
    for (const id of ['done-1', 'failed-1']) await server.runtime.client.waitForCompletion(id, { timeoutMs: 10_000 });
  });
  after(() => server.close());

  async function refused(method: string, path: string, status: number, error: RegExp, body?: string) {
    const before = await instances();
    const reply = await request(method, `${server.url}${path}`, body);
    assert.equal(reply.status, status, reply.text);
    // On Durable Functions' paths (a taskHub named), the error is the message itself, as a JSON string.
    assert.match(typeof reply.body === 'string' ? reply.body : reply.body.error, error);
    assert.deepEqual(await instances(), before, 'nothing was started or purged');
  }

  it('purge by filter without createdTimeFrom, with a bad date or status, or naming running instances', async () => {
    await refused('DELETE', `${WEBHOOK}/instances`, 400, /Purging by filter needs createdTimeFrom/);
    await refused('DELETE', `${WEBHOOK}/instances?createdTimeFrom=yesterday`, 400, /createdTimeFrom is not a valid date: 'yesterday'/);
    await refused('DELETE', `${WEBHOOK}/instances?createdTimeFrom=2020-01-01&createdTimeTo=soon`, 400, /createdTimeTo is not a valid date/);
    await refused('DELETE', `${WEBHOOK}/instances?createdTimeFrom=2020-01-01&runtimeStatus=Completed,Bogus`, 400, /Unknown runtimeStatus 'Bogus'/);
    await refused('DELETE', `${WEBHOOK}/instances?createdTimeFrom=2020-01-01&runtimeStatus=Running`, 400, /terminate Running instances first/);
    await refused('DELETE', `${WEBHOOK}/instances?createdTimeFrom=2020-01-01&runtimeStatus=Canceled`, 404, /No instance matched the filter/);
  });

  it('flags that are not true or false, page sizes out of range, and continuation tokens this server did not give', async () => {
    await refused('GET', `${WEBHOOK}/instances/done-1?showHistory=yes`, 400, /showHistory must be true or false, got 'yes'/);
    await refused('GET', `${WEBHOOK}/instances/done-1?showInput=0`, 400, /showInput must be true or false/);
    await refused('GET', `${WEBHOOK}/instances/done-1?showHistory=true&showHistoryOutput=%00`, 400, /showHistoryOutput must be true or false/);
    for (const top of ['-1', '1e3', '99999999999999999999']) await refused('GET', `${WEBHOOK}/instances?top=${top}`, 400, /top must be a whole number from 0 to 999999999/);
    for (const token of ['garbage', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const reply = await fetch(`${server.url}${WEBHOOK}/instances?top=1`, { headers: { 'x-ms-continuation-token': token } });
      assert.equal(reply.status, 400);
      assert.match(((await reply.json()) as { error: string }).error, /x-ms-continuation-token header is not a token this server gave/);
    }
  });

  it('rewind of an unknown, a finished or a running instance; other methods', async () => {
    await refused('POST', `${WEBHOOK}/instances/nobody/rewind`, 404, /No orchestration instance with id 'nobody'/);
    await refused('POST', `${WEBHOOK}/instances/done-1/rewind?reason=again`, 412, /'done-1' is Completed; only a Failed instance can be rewound/);
    await refused('POST', `${WEBHOOK}/instances/waiting-1/rewind`, 412, /'waiting-1' is Running/);
    await refused('GET', `${WEBHOOK}/instances/failed-1/rewind`, 405, /Method GET is not allowed here; use POST/);
    assert.equal((await server.runtime.client.getStatus('failed-1'))!.runtimeStatus, 'Failed', 'still failed');
  });

  it('restart of an unknown instance, of a running one under its own id, or with a flag that is not a boolean', async () => {
    await refused('POST', `${WEBHOOK}/instances/nobody/restart`, 404, /No orchestration instance with id 'nobody'/);
    await refused('POST', `${WEBHOOK}/instances/waiting-1/restart?restartWithNewInstanceId=false`, 409, /'waiting-1' already exists and is Running/);
    await refused('POST', `${WEBHOOK}/instances/done-1/restart?restartWithNewInstanceId=perhaps`, 400, /restartWithNewInstanceId must be true or false/);
    await refused('POST', `${WEBHOOK}/instances/done-1/explode`, 404, /No such endpoint: POST/);
  });

  it('a task hub this server does not serve, on any endpoint', async () => {
    await refused('POST', `/api/orchestrators/Greet?taskHub=OtherHub`, 404, /No task hub 'OtherHub': this server serves one, 'DurableTs'/, '"Eve"');
    await refused('DELETE', `${WEBHOOK}/instances/done-1?taskHub=OtherHub`, 404, /No task hub 'OtherHub'/);
    assert.equal((await request('GET', instanceUrl(server, 'done-1', '?taskHub=durablets&connection=Anything'))).status, 200, 'the hub name is not case-sensitive; any connection is taken');
  });

  it('a body larger than 16 MiB on the RPC path', async () => {
    const before = await instances();
    const reply = await request('POST', `${server.url}/durabletask/orchestrators/Greet`, JSON.stringify('x'.repeat(17 * 1024 * 1024)));
    assert.equal(reply.status, 413);
    // Durable Functions' client turns the body into its error as it is: on its paths, errors are the message as a JSON string.
    assert.equal(reply.body, 'The request body is larger than 16777216 bytes.');
    assert.deepEqual(await instances(), before);
  });
});
