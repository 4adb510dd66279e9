import { strict as assert } from 'node:assert';
import { fixtureApp, runCli, startServe, tempDir } from '../cli/cliProcess';
import { WEBHOOK } from './httpHarness';
import { rawRequest } from './rawRequest';

/** `serve --host 0.0.0.0`: reachable from other machines, so it needs a key or an explicit --no-auth, and says so. */
describe('HTTP API: serving off loopback', () => {
  const temp = tempDir('off-loopback');
  after(() => temp.remove());
  const app = fixtureApp('managed.ts');

  it('refuses to start without a key or --no-auth, saying what to pass', async () => {
    const result = await runCli(['serve', app, '--port', '0', '--host', '0.0.0.0', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'error: 0.0.0.0 is not a loopback address: anyone who can reach it could start, read, terminate and purge your instances. ' +
        'Pass --key KEY (or set DURABLE_TS_KEY) to require a key on every request, or --no-auth to serve without one.',
    );
    assert.equal(result.stdout, '', 'nothing was served');
  });

  it('with --no-auth, serves and warns that anyone can manage the instances', async () => {
    const serve = await startServe(app, ['--host', '0.0.0.0', '--no-auth', '--store', temp.store]);
    try {
      assert.match(serve.stderr(), /^warning: http:\/\/0\.0\.0\.0:\d+ is reachable from other machines with no authentication \(--no-auth\): anyone who can reach it can start/m);
      assert.equal((await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', {}, '"Ada"')).status, 202);
    } finally {
      assert.equal(await serve.stop(), 0);
    }
  });

  for (const [how, args, env] of [
    ['--key', ['--key', 's3cret'], {}],
    ['DURABLE_TS_KEY', [], { DURABLE_TS_KEY: 's3cret' }],
  ] as const) {
    it(`with a key from ${how}, warns, and answers only requests that carry it (x-functions-key or code=)`, async () => {
      const serve = await startServe(app, ['--host', '0.0.0.0', ...args, '--store', temp.store], env);
      try {
        assert.match(serve.stderr(), /^warning: http:\/\/0\.0\.0\.0:\d+ is reachable from other machines\. Every request must carry the key/m);
        const none = await rawRequest(serve.url, 'POST', '/api/orchestrators/Greet', {}, '"Ada"');
        assert.equal(none.status, 401);
        assert.equal(none.body.error, 'This server requires a key: send it as an x-functions-key header or a code= query parameter.');
        assert.equal((await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances`, { 'x-functions-key': 's3cre' })).status, 401);
        assert.equal((await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances?code=wrong`)).status, 401);
        assert.equal((await rawRequest(serve.url, 'GET', `${WEBHOOK}/instances`, { 'x-functions-key': 's3cret' })).status, 200);

        const started = await rawRequest(serve.url, 'POST', '/api/orchestrators/Approval/keyed?code=s3cret', {}, '"trip"');
        assert.equal(started.status, 202);
        // The check-status URLs carry the key, as Durable Functions' do, so a client can follow them as they are.
        const statusUrl = new URL(started.body.statusQueryGetUri);
        assert.equal(statusUrl.searchParams.get('code'), 's3cret');
        assert.equal((await rawRequest(serve.url, 'GET', statusUrl.pathname + statusUrl.search)).body.runtimeStatus, 'Running');

        // The management CLI reaches the keyed server with the key from its environment.
        const raised = await runCli(['raise', 'keyed', 'Approval', '--data', 'true', '--store', temp.store], { env: { DURABLE_TS_KEY: 's3cret' } });
        assert.equal(raised.code, 0, raised.stderr);
        const waited = await runCli(['status', 'keyed', '--store', temp.store], { env: { DURABLE_TS_KEY: 's3cret' } });
        assert.equal(waited.code, 0, waited.stderr);
        const refused = await runCli(['status', 'keyed', '--store', temp.store]);
        assert.equal(refused.code, 1, 'without the key the CLI is refused too');
        assert.match(refused.stderr, /requires a key.*Set DURABLE_TS_KEY to the key the server at http:\/\/0\.0\.0\.0:\d+ was started with\./);
      } finally {
        assert.equal(await serve.stop(), 0);
      }
    });
  }

  it('rejects --key together with --no-auth', async () => {
    const result = await runCli(['serve', app, '--port', '0', '--host', '0.0.0.0', '--key', 'k', '--no-auth', '--store', temp.store]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: --key and --no-auth contradict each other: give one\./);
  });
});
