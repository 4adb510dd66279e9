import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { runCli } from '../runtime/cli/cliProcess';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');

describe('launch configurations: store paths and launch errors', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let workDir: string;

  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-launch-'));
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Launches, waits for the host to exit, and answers its exit code. */
  async function runToExit(args: Record<string, unknown>): Promise<number> {
    const exited = client.waitForEvent('exited');
    await client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Oslo'], ...args });
    return ((await exited) as DebugProtocol.ExitedEvent).body.exitCode;
  }

  it('runs on a store given as a directory, as the docs write it, which the CLI then reads', async () => {
    const directory = path.join(workDir, '.durable');
    fs.mkdirSync(directory);
    assert.strictEqual(await runToExit({ store: directory, instanceId: 'in-directory' }), 0, client.output.join(''));
    assert.ok(fs.existsSync(path.join(directory, 'store.db')), 'the store lives in the directory');
    const status = await runCli(['status', 'in-directory', '--store', directory]);
    assert.strictEqual(status.code, 0, status.stderr);
    assert.strictEqual(JSON.parse(status.stdout).output[0], 'Hello Oslo!');
  });

  it('runs on the CLI\'s default store when the launch names none', async () => {
    assert.strictEqual(await runToExit({ store: undefined, cwd: workDir, instanceId: 'in-default-store' }), 0, client.output.join(''));
    const status = await runCli(['status', 'in-default-store'], { cwd: workDir });
    assert.strictEqual(status.code, 0, status.stderr);
    assert.strictEqual(JSON.parse(status.stdout).runtimeStatus, 'Completed');
  });

  it('says in the debug console, without a stack, why a store cannot be opened', async () => {
    const notADirectory = path.join(workDir, 'notes.txt');
    fs.writeFileSync(notADirectory, 'shopping list');
    assert.strictEqual(await runToExit({ store: path.join(notADirectory, 'store.db') }), 1);
    const console = client.output.join('');
    const store = path.join(notADirectory, 'store.db');
    assert.ok(console.includes(`The launch configuration's "store": Cannot open the store ${store}: a part of the path is a file, not a folder (${notADirectory}).`), console);
    assert.doesNotMatch(console, /^\s+at /m);
  });

  it('loads a .ts app that imports through tsconfig "paths" aliases, and stops in the aliased module', async () => {
    const app = path.join(__dirname, '..', 'runtime', 'fixtures', 'apps', 'ts-paths', 'app.ts');
    const aliased = path.join(path.dirname(app), 'src', 'lib', 'shout.ts');
    await client.launchWith({ program: app, input: 'hi' }, { [aliased]: [2] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.source?.path, aliased);
    assert.strictEqual((await client.scope(stop, 'Locals')).text.value, '"hello hi"');
  });

  it('says which line of the app failed when it throws while loading, without a stack', async () => {
    const throwing = fixture('throwsOnLoad.ts');
    const exited = client.waitForEvent('exited');
    await client.launchWith({ program: throwing });
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
    const console = client.output.join('');
    assert.match(console, new RegExp(`The app .*throwsOnLoad\\.ts failed: Error: CHECKOUT_CONFIG is not set \\(at .*throwsOnLoad\\.ts:3:\\d+\\)`));
    assert.doesNotMatch(console, /^\s+at /m);
  });

  it('refuses launch configuration fields of the wrong type or empty, in one sentence naming the field, before anything runs', async () => {
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ store: 42 }, /^"store" must be a store directory or file, or a postgres:\/\/ URL \(a string\), got 42 \(in the launch configuration\)\.$/],
      [{ store: '' }, /^"store" is empty: leave it out for the CLI's store \(\.durable\), or name a store directory or file, or a postgres:\/\/ URL \(in the launch configuration\)\.$/],
      [{ program: '' }, /^"program" is empty: name the app module/],
      [{ instanceId: 7 }, /^"instanceId" must be the id to start the instance with .*\(a string\), got 7 /],
      [{ stopOnEntry: 'yes' }, /^"stopOnEntry" must be true or false, got "yes" /],
      [{ env: { PORT: 8080 } }, /^"env" must map variable names to strings, e\.g\. .*got \{"PORT":8080\} /],
      [{ replay: { instanceId: '' } }, /^"replay\.instanceId" is empty: name the recorded instance to replay /],
      [{ replay: 'order-1' }, /^"replay" must be \{ "instanceId": "…" \} or \{ "historyFile": "…" \}, got "order-1" /],
      [{ cwd: ['src'] }, /^"cwd" must be the folder the app runs in \(a string\), got \["src"\] /],
    ];
    for (const [fields, expected] of refusals) {
      await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      const launch = { program: greetings, orchestration: 'Greetings', input: ['Oslo'], store: client.defaultStore, ...fields };
      await assert.rejects(client.launchRequest(launch as DebugProtocol.LaunchRequestArguments), (error: Error) => {
        assert.match(error.message, expected, JSON.stringify(fields));
        return true;
      });
    }
    assert.ok(!fs.existsSync(client.defaultStore), 'nothing ran, so no store was made');
  });

  it('refuses an attach configuration field of the wrong type in one sentence', async () => {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(client.attachRequest({ port: 9329, sourceMaps: 'no' } as DebugProtocol.AttachRequestArguments), /"sourceMaps" must be true or false, got "no" \(in the launch configuration\)\.$/);
  });
});
