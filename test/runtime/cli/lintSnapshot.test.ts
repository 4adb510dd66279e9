import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './cliProcess';

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
});
