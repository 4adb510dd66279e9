import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, tempDir } from './cliProcess';
import { SNAPSHOTS_KEPT } from '../../../runtime/src/cli/lintSnapshot/prune';
import { lintSnapshotFile, lintSnapshotInputs } from '../../../runtime/src/cli/lintSnapshot/snapshotFile';

const APP = "import { app } from 'durable-ts';\napp.orchestration('Clock', async (ctx) => Date.now());\napp.activity('Stamp', async () => Date.now());\n";
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

/** The snapshot the first lint prepares in the background, once it is in place (it is built elsewhere and renamed). */
async function preparedSnapshot(cache: string, timeoutMs = 90_000): Promise<string> {
  const folder = path.join(cache, 'lint');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const blob = fs.existsSync(folder) ? fs.readdirSync(folder).find((name) => name.endsWith('.blob')) : undefined;
    if (blob) return path.join(folder, blob);
    if (Date.now() > deadline) throw new Error(`no lint snapshot appeared in ${folder} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The snapshot this process names for the cache folder `cache`: what bench/lint.ts waits for. */
function snapshotNamedHere(cache: string): string | undefined {
  const configured = process.env.DURABLE_TS_CACHE;
  process.env.DURABLE_TS_CACHE = cache;
  try {
    return lintSnapshotFile(lintSnapshotInputs());
  } finally {
    if (configured === undefined) delete process.env.DURABLE_TS_CACHE;
    else process.env.DURABLE_TS_CACHE = configured;
  }
}

/** The snapshot prepared in `folder` beside the `existing` ones, once its preparation has ended (it prunes, then unlocks). */
async function preparationEnded(folder: string, existing: string[], timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = fs.readdirSync(folder);
    const prepared = names.find((name) => name.endsWith('.blob') && !existing.includes(path.join(folder, name)));
    if (prepared && !names.some((name) => name.endsWith('.lock'))) return path.join(folder, prepared);
    if (Date.now() > deadline) throw new Error(`no preparation ended in ${folder} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('CLI: durable-ts lint from its startup snapshot', function () {
  this.timeout(180_000);
  let workspace: ReturnType<typeof tempDir>;
  let env: Record<string, string>;
  const lint = () => runCli(['lint', 'app.ts', '--format', 'json'], { cwd: workspace.dir, env, timeoutMs: 60_000 });

  beforeEach(() => {
    workspace = tempDir('lint-snapshot');
    fs.writeFileSync(path.join(workspace.dir, 'app.ts'), APP);
    env = { DURABLE_TS_CACHE: path.join(workspace.dir, 'cache') };
  });
  afterEach(() => workspace.remove());

  it('prepares a snapshot after the first lint and starts later lints from it, with the same findings', async () => {
    const first = await lint();
    assert.equal(first.code, 1, first.stderr);
    const snapshot = await preparedSnapshot(env.DURABLE_TS_CACHE);
    fs.utimesSync(snapshot, LONG_AGO, LONG_AGO);

    const second = await lint();
    assert.equal(second.code, 1, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual((JSON.parse(second.stdout) as { line: number; code: string }[]).map((finding) => [finding.line, finding.code]), [[2, 'DUR001']]);
    assert.equal(second.stderr, first.stderr);
    assert.ok(fs.statSync(snapshot).mtimeMs > LONG_AGO.getTime(), 'the second lint did not start from the snapshot (it marks it used)');
  });

  it('reads the extra CA certificates once: the lint from its snapshot is started without them', async () => {
    await lint();
    await preparedSnapshot(env.DURABLE_TS_CACHE);
    const unreadable = path.join(workspace.dir, 'no-such-certificates.pem');
    const run = await runCli(['lint', 'app.ts'], { cwd: workspace.dir, env: { ...env, NODE_EXTRA_CA_CERTS: unreadable }, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr.split(`Ignoring extra certs from \`${unreadable}\``).length - 1, 1, run.stderr);
  });

  it('never starts a snapshot made for other inputs, even when found under its own name', async () => {
    const first = await lint();
    const made = await preparedSnapshot(env.DURABLE_TS_CACHE);
    // Another NODE_OPTIONS names another snapshot; one made without it is put there, as a clash of names would.
    const options = { ...env, NODE_OPTIONS: '--no-deprecation' };
    const configured = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = options.NODE_OPTIONS;
    const other = snapshotNamedHere(env.DURABLE_TS_CACHE)!;
    if (configured === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = configured;
    assert.notEqual(other, made);
    fs.copyFileSync(made, other);

    const run = await runCli(['lint', 'app.ts', '--format', 'json'], { cwd: workspace.dir, env: options, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, first.stdout);
    assert.equal(run.stderr, '');
    assert.ok(!fs.existsSync(other), 'the snapshot made for other inputs is still there');
  });

  it('removes a damaged snapshot and still reports, without a crash on the console', async () => {
    const first = await lint();
    const snapshot = await preparedSnapshot(env.DURABLE_TS_CACHE);
    fs.writeFileSync(snapshot, 'not a snapshot');

    const after = await lint();
    assert.equal(after.code, 1, after.stderr);
    assert.equal(after.stdout, first.stdout);
    assert.equal(after.stderr, '');
    assert.ok(!fs.existsSync(snapshot) || fs.readFileSync(snapshot, 'utf8') !== 'not a snapshot', 'the damaged snapshot is still there');
  });

  it('names its snapshot as a process started with other Node flags does (this one runs with --import tsx)', async () => {
    assert.ok(process.execArgv.length > 0, 'this test runs with Node flags of its own');
    const named = snapshotNamedHere(env.DURABLE_TS_CACHE);
    await lint();
    assert.equal(await preparedSnapshot(env.DURABLE_TS_CACHE), named);
  });

  it('keeps only the last used snapshots once it has prepared one for a new build', async () => {
    const folder = path.join(env.DURABLE_TS_CACHE, 'lint');
    fs.mkdirSync(folder, { recursive: true });
    // Snapshots of past builds, all used this week, the first one last.
    const past = Array.from({ length: SNAPSHOTS_KEPT + 2 }, (_, i) => {
      const file = path.join(folder, `past-build-${i}.blob`);
      fs.writeFileSync(file, 'a past build');
      const lastUsed = new Date(Date.now() - (i + 1) * 60 * 60 * 1000);
      fs.utimesSync(file, lastUsed, lastUsed);
      return file;
    });
    await lint();
    const snapshot = await preparationEnded(folder, past);

    const left = fs.readdirSync(folder).filter((name) => name.endsWith('.blob')).sort();
    assert.deepEqual(left, [path.basename(snapshot), ...past.slice(0, SNAPSHOTS_KEPT - 1).map((file) => path.basename(file))].sort());
  });

  it('shares a large app out among processes (--concurrency) and prints what one process prints', async function () {
    if (os.availableParallelism() < 2) this.skip();
    for (let i = 0; i < 120; i++) {
      fs.writeFileSync(path.join(workspace.dir, `orders${i}.ts`), `import { app } from 'durable-ts';\napp.orchestration('Order${i}', async (ctx) => ${i % 3 === 0 ? 'Date.now()' : 'ctx.currentUtcDateTime'});\n`);
    }
    // Two processes whatever the machine's load (by default, one per idle core).
    const lintAll = (extra: Record<string, string>) => runCli(['lint', '--format', 'json', '--concurrency', '2'], { cwd: workspace.dir, env: { ...env, ...extra }, timeoutMs: 120_000 });
    await lintAll({});
    await preparedSnapshot(env.DURABLE_TS_CACHE);
    await preparationEnded(path.join(env.DURABLE_TS_CACHE, 'lint'), []);

    // The processes exchange their findings through a folder of the temporary folder, made only when they share.
    const temporary = path.join(workspace.dir, 'tmp');
    fs.mkdirSync(temporary);
    const made: string[] = [];
    const watcher = fs.watch(temporary, (_event, name) => { if (name) made.push(name); });
    try {
      const shared = await lintAll({ TMPDIR: temporary });
      const alone = await lintAll({ DURABLE_TS_CACHE: 'off' });
      assert.equal(shared.code, 1, shared.stderr);
      assert.equal(shared.stdout, alone.stdout);
      assert.equal((JSON.parse(shared.stdout) as unknown[]).length, 41);
      assert.ok(made.some((name) => name.startsWith('durable-ts-lint-')), `the lint did not share its files out (the temporary folder saw ${JSON.stringify(made)})`);
    } finally {
      watcher.close();
    }
  });
});
