import { strict as assert } from 'node:assert';
import { fixtureApp, startServe, tempDir, type ServeProcess } from '../cli/cliProcess';
import { WEBHOOK } from './httpHarness';
import { rawRequest } from './rawRequest';

/** Requests a browser page, a rebound DNS name or a careless client would send, against a real `durable-ts serve`. */
describe('HTTP API: hostile and malformed requests', () => {
  const temp = tempDir('hostile');
  let serve: ServeProcess;
  let port: string;
  before(async () => {
    serve = await startServe(fixtureApp('managed.ts'), ['--store', temp.store, '--quiet', '--allow-origin', 'http://dashboard.example:8080', '--allow-host', 'tunnel.example,my_service:8080']);
    port = new URL(serve.url).port;
  });
  after(async () => {
    assert.equal(await serve.stop(), 0);
    temp.remove();
  });

  const instanceCount = async () => (await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances`)).body.length as number;
  const startApproval = async (id: string) => assert.equal((await rawRequest(serve.url, 'POST', `/api/orchestrators/Approval/${id}`, {}, '"trip"')).status, 202);

  describe('malformed requests get a 400 that says what is wrong', () => {
    it('bad percent-encoding in a path', async () => {
      const start = await rawRequest(serve.url, 'POST', '/api/orchestrators/Quick/%E0%A4%A');
      assert.equal(start.status, 400);
      assert.equal(start.body.error, "The path segment '%E0%A4%A' has bad percent-encoding: each % takes two hex digits, and the bytes they give must be UTF-8 text.");
      const status = await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances/%ZZ`);
      assert.equal(status.status, 400);
      assert.match(status.body.error, /^The path segment '%ZZ' has bad percent-encoding/);
    });

    it('a Host header that is not host[:port]', async () => {
      const reply = await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances`, { Host: '[::1' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, "The Host header '[::1' is not a valid host[:port].");
    });

    it('JSON nested 5,000 deep', async () => {
      const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
      const before = await instanceCount();
      const reply = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { 'Content-Type': 'application/json' }, deep(5000));
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'The request body is nested too deeply: 5000 levels of arrays and objects, at most 256 are accepted.');
      assert.equal(await instanceCount(), before);
      const deepest = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { 'Content-Type': 'application/json' }, deep(256));
      assert.equal(deepest.status, 202, 'the limit itself is accepted');
      const inString = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { 'Content-Type': 'application/json' }, JSON.stringify(deep(5000)));
      assert.equal(inString.status, 202, 'brackets inside a string are text, not nesting');
    });
  });

  describe('web pages of other origins cannot use the API', () => {
    it('refuses a text/plain POST from another origin (a cross-site form or fetch), and starts nothing', async () => {
      const before = await instanceCount();
      const reply = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, '"pwned"');
      assert.equal(reply.status, 403);
      assert.equal(reply.body.error, 'Requests from web pages at http://evil.example are refused. To allow them, start serve with --allow-origin http://evil.example.');
      assert.equal(reply.headers['access-control-allow-origin'], undefined);
      assert.equal(await instanceCount(), before);
    });

    it('refuses raising, terminating and purging from another origin, and the instance carries on', async () => {
      await startApproval('cross-site-target');
      const evil = { Origin: 'http://evil.example' };
      for (const [method, path] of [['POST', '/raiseEvent/Approval'], ['POST', '/terminate'], ['POST', '/suspend'], ['DELETE', '']]) {
        assert.equal((await rawRequest(serve.url, method, `${WEBHOOK}/instances/cross-site-target${path}`, evil, method === 'POST' ? 'true' : undefined)).status, 403, `${method} ${path}`);
      }
      assert.equal((await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances/cross-site-target`)).body.runtimeStatus, 'Running');
    });

    it("takes requests from its own origin and from clients that send none (Durable Functions' own, curl, the CLI)", async () => {
      for (const headers of [{ Origin: `http://127.0.0.1:${port}` }, { Origin: `http://localhost:${port}` }, {}]) {
        assert.equal((await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', headers, '"Ada"')).status, 202, JSON.stringify(headers));
      }
      assert.equal((await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { Origin: 'http://127.0.0.1:1' }, '"Ada"')).status, 403, 'another port is another origin');
      assert.equal((await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { Origin: 'null' }, '"Ada"')).status, 403, 'a sandboxed page or a file');
    });

    it('takes an origin allowed with --allow-origin, with the CORS headers a browser needs', async () => {
      const origin = { Origin: 'http://dashboard.example:8080' };
      const preflight = await rawRequest(serve.url, 'OPTIONS', '/api/orchestrators/Greet', { ...origin, 'Access-Control-Request-Method': 'POST' });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'http://dashboard.example:8080');
      assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
      const reply = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', { ...origin, 'Content-Type': 'application/json' }, '"Ada"');
      assert.equal(reply.status, 202);
      assert.equal(reply.headers['access-control-allow-origin'], 'http://dashboard.example:8080');
      assert.equal(reply.headers['access-control-expose-headers'], 'Location, Retry-After, x-ms-continuation-token', 'the page can read where to poll');
    });
  });

  describe('a DNS name rebound to this machine gets nothing', () => {
    it('refuses a Host that is not an address of this server, showing no instance data', async () => {
      await startApproval('rebind-target');
      for (const path of [`${WEBHOOK}/instances/rebind-target`, `${WEBHOOK}/instances`]) {
        const reply = await rawRequest(serve.url, 'GET', path, { Host: `attacker.example:${port}` });
        assert.equal(reply.status, 403);
        assert.deepEqual(reply.body, { error: `Host 'attacker.example:${port}' is not an address of this server. If a proxy or tunnel forwards it on purpose, start serve with --allow-host attacker.example.` });
      }
      const absoluteForm = await rawRequest(serve.url, 'GET', `http://attacker.example:${port}${WEBHOOK}/instances`, { Host: `127.0.0.1:${port}` });
      assert.equal(absoluteForm.status, 403, 'a request target in absolute form names its host too');
    });

    it('takes localhost, 127.0.0.1 and a name allowed with --allow-host, and builds URLs from the bound address, never the Host', async () => {
      for (const [index, host] of [`localhost:${port}`, `127.0.0.1:${port}`, 'tunnel.example', 'TUNNEL.example.', 'my_service:8080'].entries()) {
        const reply = await rawRequest(serve.url, 'POST', `/api/orchestrators/Greet/located-${index}`, { Host: host }, '"Ada"');
        assert.equal(reply.status, 202, host);
        assert.equal(reply.headers.location, `http://127.0.0.1:${port}${WEBHOOK}/instances/located-${index}?taskHub=DurableTs&connection=Storage`, host);
        assert.equal(reply.body.statusQueryGetUri, reply.headers.location);
      }
    });
  });
});
