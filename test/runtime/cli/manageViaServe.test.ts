import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { cliMain, fixtureApp, repoRoot, runCli, startServe, tempDir, type ServeProcess } from './cliProcess';
import { instanceUrl, request, startOrchestration, waitForStatus } from '../http/httpHarness';

const app = fixtureApp('managed.ts');

describe('CLI: management commands on a store a running `serve` owns go through its HTTP API', () => {
  const temp = tempDir('manage-served');
  const cli = (...args: string[]) => runCli([...args, '--store', temp.store]);
  let serve: ServeProcess;
  before(async () => (serve = await startServe(app, ['--store', temp.store])));
  after(async () => {
    await serve.stop();
    temp.remove();
  });

  it('the lock file advertises the server\'s URL', () => {
    const owner = JSON.parse(fs.readFileSync(`${temp.store}.lock`, 'utf8'));
    assert.equal(owner.pid, serve.child.pid);
    assert.equal(owner.httpUrl, serve.url);
  });

  it('raise completes an orchestration the server is running, which status and history then show', async () => {
    await startOrchestration(serve, 'Approval', 'budget', 'served-approval');
    await waitForStatus(serve, 'served-approval', 'Running');
    const raised = await cli('raise', 'served-approval', 'Approval', '--data', 'true');
    assert.equal(raised.code, 0, raised.stderr);
    assert.equal(raised.stdout.trim(), "Raised 'Approval' on served-approval.");
    assert.equal((await waitForStatus(serve, 'served-approval', 'Completed')).body.output, 'budget: approved');
    assert.match(serve.stderr(), /served-a… Approval EventRaised Approval true/, 'the server received the event');

    const [status, history] = await Promise.all([cli('status', 'served-approval'), cli('history', 'served-approval')]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).output, 'budget: approved');
    assert.match(history.stdout, /EventRaised\s+Approval true/);
  });

  it('suspend holds the event; resume lets it through; terminate ends another instance', async () => {
    await startOrchestration(serve, 'Approval', 'laptop', 'served-suspended');
    await startOrchestration(serve, 'Approval', 'chair', 'served-terminated');
    await waitForStatus(serve, 'served-suspended', 'Running');
    await waitForStatus(serve, 'served-terminated', 'Running');

    const [suspended, terminated] = await Promise.all([cli('suspend', 'served-suspended'), cli('terminate', 'served-terminated', '--reason', 'not needed')]);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.equal(terminated.code, 0, terminated.stderr);
    await waitForStatus(serve, 'served-suspended', 'Suspended');
    assert.equal((await waitForStatus(serve, 'served-terminated', 'Terminated')).body.output, 'not needed');

    assert.equal((await cli('raise', 'served-suspended', 'Approval', '--data', 'false')).code, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await request('GET', instanceUrl(serve, 'served-suspended'))).body.runtimeStatus, 'Suspended');
    assert.equal((await cli('resume', 'served-suspended')).code, 0);
    assert.equal((await waitForStatus(serve, 'served-suspended', 'Completed')).body.output, 'laptop: rejected');
  });

  it('list filters the server\'s instances', async () => {
    await waitForStatus(serve, 'served-approval', 'Completed');
    const [terminated, byName] = await Promise.all([cli('list', '--status', 'Terminated'), cli('list', '--name', 'Approval', '--top', '1')]);
    assert.match(terminated.stdout, /^served-terminated\s+Approval\s+Terminated\s/);
    assert.equal(terminated.stdout.trim().split('\n').length, 1);
    assert.equal(byName.stdout.trim().split('\n').length, 1);
  });

  it('purge removes a finished instance from the server', async () => {
    await waitForStatus(serve, 'served-terminated', 'Terminated');
    const purged = await cli('purge', 'served-terminated');
    assert.equal(purged.code, 0, purged.stderr);
    assert.equal((await request('GET', instanceUrl(serve, 'served-terminated'))).status, 404);
  });

  it('reports unknown and finished instances clearly, with exit code 1', async () => {
    const [unknown, finished] = await Promise.all([cli('raise', 'ghost', 'Approval'), cli('terminate', 'served-approval')]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr.trim(), "error: No orchestration instance with id 'ghost'.");
    assert.equal(finished.code, 1);
    assert.equal(finished.stderr.trim(), "error: Instance 'served-approval' is Completed; it no longer takes events or commands.");
  });
});

describe('CLI: management commands on a store whose server died', () => {
  it('ignore the dead server\'s advertised URL and read the store itself', async () => {
    const temp = tempDir('manage-dead-server');
    try {
      const serve = await startServe(app, ['--store', temp.store]);
      // The 202 of a start is acknowledged only once the start is durable, so the instance survives the kill.
      await startOrchestration(serve, 'Greet', 'Ada', 'before-crash');
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGKILL');
      await exited;
      assert.ok(fs.existsSync(`${temp.store}.lock`), 'the killed server left its lock behind');

      const status = await runCli(['status', 'before-crash', '--store', temp.store]);
      assert.equal(status.code, 0, status.stderr);
      assert.equal(JSON.parse(status.stdout).instanceId, 'before-crash');
      assert.equal(JSON.parse(status.stdout).input, 'Ada');
    } finally {
      temp.remove();
    }
  });
});

describe('CLI: management commands on a store a `run` process owns', () => {
  it('go through the API the run serves while it runs', async () => {
    const temp = tempDir('manage-run-owned');
    const run = spawn(process.execPath, [cliMain, 'run', app, 'Wait72Hours', '--instance-id', 'waiting-72', '--store', temp.store], { cwd: repoRoot });
    try {
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        run.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk) && /Starting Wait72Hours/.test(stderr) && resolve());
        run.once('exit', (code) => reject(new Error(`run exited early with ${code}: ${stderr}`)));
      });
      const result = await runCli(['list', '--store', temp.store]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^waiting-72 {2}Wait72Hours {2}(Pending|Running) /);
    } finally {
      run.kill('SIGKILL');
      await new Promise((resolve) => (run.exitCode !== null || run.signalCode !== null ? resolve(undefined) : run.once('exit', resolve)));
      temp.remove();
    }
  });
});

describe('CLI: management commands on a store whose server does not answer', () => {
  it('give up after the time limit with a message saying why, instead of hanging', async function () {
    this.timeout(30_000);
    const temp = tempDir('manage-silent-server');
    const serve = await startServe(app, ['--store', temp.store]);
    try {
      // A stopped process is what a debug session paused at a breakpoint looks like from outside: the kernel
      // accepts the connection, nothing answers.
      serve.child.kill('SIGSTOP');
      const status = await runCli(['status', 'any', '--store', temp.store], { env: { DURABLE_TS_REMOTE_TIMEOUT_MS: '500' } });
      assert.equal(status.code, 1);
      assert.match(status.stderr, new RegExp(`^error: The durable-ts server at ${serve.url} that owns the store did not answer within 500 ms\\. A debug session stopped at a breakpoint answers nothing until you continue it`));
      const raise = await runCli(['raise', 'any', 'Approval', '--store', temp.store], { env: { DURABLE_TS_REMOTE_TIMEOUT_MS: '500' } });
      assert.equal(raise.code, 1);
      assert.match(raise.stderr, /The request may still take effect when it answers: check with `durable-ts status`/);
    } finally {
      serve.child.kill('SIGCONT');
      await serve.stop();
      temp.remove();
    }
  });

  it('refuses a time limit that is not a number of milliseconds', async () => {
    const temp = tempDir('manage-bad-timeout');
    const serve = await startServe(app, ['--store', temp.store]);
    try {
      const status = await runCli(['list', '--store', temp.store], { env: { DURABLE_TS_REMOTE_TIMEOUT_MS: '5s' } });
      assert.equal(status.code, 1);
      assert.equal(status.stderr.trim(), "error: DURABLE_TS_REMOTE_TIMEOUT_MS must be a positive whole number of milliseconds, got '5s'.");
    } finally {
      await serve.stop();
      temp.remove();
    }
  });
});
