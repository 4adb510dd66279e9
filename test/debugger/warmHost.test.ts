import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { DurableDebugClient } from './support/durableDebugClient';
import { fixture } from './support/durableDebugClient';
import { InlineAdapter } from './support/inlineAdapter';
import { exitOf, hasExited } from './support/processes';

/** The line of the orchestrator's first statement in the app `appSource` writes. */
const FIRST_LINE = 4;

/** An app whose orchestration returns `greeting`, and the environment variable GREETING as its host sees it. */
function appSource(greeting: string): string {
  return [
    "import { app } from 'durable-ts';",
    '',
    "app.orchestration('Greet', async () => {",
    `  const greeting = ${JSON.stringify(greeting)};`,
    '  return `${greeting} ${process.env.GREETING}`;',
    '});',
    '',
  ].join('\n');
}

describe('the debug host kept started for the next launch (an adapter in the editor process)', () => {
  // In the fixtures folder: the app resolves the repository's durable-ts, as the other fixtures do.
  const program = fixture(`.warm-host-${process.pid}.ts`);
  let stores: string;
  let adapter: InlineAdapter;
  const clients: DurableDebugClient[] = [];

  beforeEach(async () => {
    fs.writeFileSync(program, appSource('Hello'));
    stores = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-warm-'));
    adapter = await InlineAdapter.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
    await adapter.close();
    fs.rmSync(program, { force: true });
    fs.rmSync(stores, { recursive: true, force: true });
  });

  const launch = (env: Record<string, string>) => ({ program, orchestration: 'Greet', stopOnEntry: true, env, store: path.join(stores, `${clients.length}.db`) });

  /** A session stopped on entry: the stop, and the process id of the host it runs in. */
  async function stoppedSession(env: Record<string, string>): Promise<{ client: DurableDebugClient; hostPid: number }> {
    const client = await adapter.client();
    client.defaultTimeout = 30_000;
    clients.push(client);
    await client.launchWith(launch(env));
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.line, FIRST_LINE, `stopped at ${JSON.stringify(stop.frame)}`);
    const pid = await client.evaluateRequest({ expression: 'process.pid', frameId: stop.frame.id, context: 'repl' });
    return { client, hostPid: Number(pid.body.result) };
  }

  /** Runs the session to its end: the orchestration's output as the debug console shows it. */
  async function finish(client: DurableDebugClient): Promise<string> {
    const exited = client.waitForEvent('exited');
    const threads = await client.threadsRequest();
    await client.continueRequest({ threadId: threads.body.threads[0].id });
    await exited;
    return client.output.join('');
  }

  it('runs the next launch in the host started after the last session, with the app as it is on disk at the launch', async () => {
    const first = await stoppedSession({ GREETING: 'world' });
    assert.match(await finish(first.client), /Hello world/);
    assert.ok(await adapter.warmHosts.whenLoaded(), 'a host waits for the next launch once the session has ended');
    const warmPid = adapter.warmHosts.waitingPid!;
    // Edited after that host started: the host loads the app only when the launch tells it to run.
    fs.writeFileSync(program, appSource('Bonjour'));

    const second = await stoppedSession({ GREETING: 'world' });
    assert.strictEqual(second.hostPid, warmPid, 'the launch runs in the host kept for it');
    const output = await finish(second.client);
    assert.match(output, /Bonjour world/);
    assert.doesNotMatch(output, /Hello/);
  });

  it('starts a host of its own for a launch whose environment differs, and ends the one kept', async () => {
    adapter.warmHosts.prepareFor({ program, env: { GREETING: 'world' } }, undefined);
    assert.ok(await adapter.warmHosts.whenLoaded());
    const warmPid = adapter.warmHosts.waitingPid!;

    const session = await stoppedSession({ GREETING: 'there' });
    assert.notStrictEqual(session.hostPid, warmPid);
    await exitOf(warmPid, 10_000);
    assert.match(await finish(session.client), /Hello there/);
  });

  it('starts a host of its own when durable-ts changed on disk since the kept host loaded it', async () => {
    adapter.warmHosts.prepareFor({ program, env: { GREETING: 'world' } }, undefined);
    assert.ok(await adapter.warmHosts.whenLoaded());
    const warmPid = adapter.warmHosts.waitingPid!;
    // As a rebuild or an `npm install` of another version does; the file's time is put back after.
    const runtimeManifest = path.join(fs.realpathSync(path.join(fixture('.'), '..', '..', '..', 'node_modules', 'durable-ts')), 'package.json');
    const { atime, mtime } = fs.statSync(runtimeManifest);
    fs.utimesSync(runtimeManifest, atime, new Date(mtime.getTime() + 1_000));
    try {
      const session = await stoppedSession({ GREETING: 'world' });
      assert.notStrictEqual(session.hostPid, warmPid);
      await exitOf(warmPid, 10_000);
    } finally {
      fs.utimesSync(runtimeManifest, atime, mtime);
    }
  });

  it('leaves no host behind when the adapter ends', async () => {
    adapter.warmHosts.prepareFor({ program, env: {} }, undefined);
    assert.ok(await adapter.warmHosts.whenLoaded());
    const warmPid = adapter.warmHosts.waitingPid!;
    await adapter.close();
    await exitOf(warmPid, 10_000);
    adapter = await InlineAdapter.start();
  });

  it("leaves no host behind when the editor's process is killed", async () => {
    // The editor's process: an adapter that keeps a host for the app, killed without a word (SIGKILL).
    const editor = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'warmHostHolder.ts'), program], { stdio: ['ignore', 'pipe', 'inherit'] });
    const warmPid = await new Promise<number>((resolve, reject) => {
      readline.createInterface({ input: editor.stdout! }).once('line', (line) => resolve(Number(line)));
      editor.once('exit', (code) => reject(new Error(`the holder exited (code ${code}) before its host loaded`)));
    });
    assert.ok(!hasExited(warmPid));
    editor.kill('SIGKILL');
    await exitOf(warmPid, 10_000);
  });
});
