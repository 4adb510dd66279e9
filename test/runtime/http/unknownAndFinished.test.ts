import { strict as assert } from 'node:assert';
import { instanceUrl, request, startOrchestration, startTestServer, waitForStatus, type TestServer } from './httpHarness';

describe('HTTP API: commands for unknown and finished instances', () => {
  let server: TestServer;
  let completedId: string;
  before(async () => {
    server = await startTestServer();
    completedId = await startOrchestration(server, 'Greet', 'Ada');
    await waitForStatus(server, completedId, 'Completed');
  });
  after(() => server.close());

  for (const [method, suffix, body] of [
    ['GET', '', undefined],
    ['POST', '/raiseEvent/Approval', 'true'],
    ['POST', '/terminate', undefined],
    ['POST', '/suspend', undefined],
    ['POST', '/resume', undefined],
    ['DELETE', '', undefined],
  ] as const) {
    it(`${method} instances/{unknown id}${suffix} answers 404 naming the id`, async () => {
      const reply = await request(method, instanceUrl(server, 'ghost-instance', suffix), body);
      assert.equal(reply.status, 404);
      assert.match(reply.body.error, /ghost-instance/);
    });
  }

  for (const suffix of ['/raiseEvent/Approval', '/terminate', '/suspend', '/resume']) {
    it(`POST ${suffix} on a completed instance answers 410 Gone and changes nothing`, async () => {
      const reply = await request('POST', instanceUrl(server, completedId, suffix), suffix.startsWith('/raiseEvent') ? 'true' : undefined);
      assert.equal(reply.status, 410);
      assert.match(reply.body.error, /Completed; it no longer takes events or commands/);
      const status = await request('GET', instanceUrl(server, completedId));
      assert.equal(status.body.runtimeStatus, 'Completed');
      assert.equal(status.body.output, 'Hello Ada!');
    });
  }
});
