import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, runCli, tempDir } from '../cli/cliProcess';

/** An app whose orchestration returns `word`, as ESM (.ts) or CommonJS (.cts). */
function appSource(format: 'esm' | 'commonjs', word: string): string {
  return format === 'esm'
    ? `import { app } from 'durable-ts';\nconst word: string = '${word}';\napp.orchestration('Word', async () => word);\nexport default app;\n`
    : `const { app } = require('durable-ts');\nconst word: string = '${word}';\napp.orchestration('Word', async () => word);\nmodule.exports = app;\n`;
}

describe('loader: the cache of erased TypeScript sources', () => {
  const temp = tempDir('erased-cache');
  const cache = path.join(temp.dir, 'cache');
  const entries = () => fs.readdirSync(path.join(cache, 'erased'));
  // The app's folder resolves durable-ts to this repository's runtime, as an installed project does.
  fs.mkdirSync(path.join(temp.dir, 'node_modules'));
  fs.symlinkSync(path.join(repoRoot, 'runtime'), path.join(temp.dir, 'node_modules', 'durable-ts'), 'dir');
  after(() => temp.remove());

  const run = async (file: string, env: Record<string, string> = { DURABLE_TS_CACHE: cache }) => {
    const result = await runCli(['run', file, 'Word', '--store', path.join(temp.dir, `${path.basename(file)}.db`), '--quiet'], { env, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as string;
  };

  for (const format of ['esm', 'commonjs'] as const) {
    const file = path.join(temp.dir, format === 'esm' ? 'esmApp.ts' : 'commonJsApp.cts');

    it(`runs ${format === 'esm' ? 'an ESM' : 'a CommonJS'} app's edited code on the run after the edit, and reuses the erasure of an unchanged file`, async function () {
      this.timeout(90_000);
      fs.writeFileSync(file, appSource(format, 'first'));
      assert.equal(await run(file), 'first');
      const entry = entries().map((name) => path.join(cache, 'erased', name)).find((candidate) => fs.readFileSync(candidate, 'utf8').includes("'first'"));
      assert.ok(entry, `an erased copy of ${file} is in the cache: ${entries().join(', ')}`);
      // Types are erased in place: the cached copy keeps every line and column of the source.
      assert.equal(fs.readFileSync(entry, 'utf8').length, appSource(format, 'first').length);

      // The same source again runs what the cache holds (here tampered with, to tell it from a fresh erasure).
      fs.writeFileSync(entry, fs.readFileSync(entry, 'utf8').replace("'first'", "'cached'"));
      assert.equal(await run(file), 'cached');

      fs.writeFileSync(file, appSource(format, 'second'));
      assert.equal(await run(file), 'second');
    });
  }

  it('keeps its folder and entries private to the user (they are code that runs)', function () {
    if (process.platform === 'win32') this.skip();
    assert.equal(fs.statSync(path.join(cache, 'erased')).mode & 0o777, 0o700);
    for (const name of entries()) assert.equal(fs.statSync(path.join(cache, 'erased', name)).mode & 0o777, 0o600, name);
  });

  it("lives in the user's cache folder unless told otherwise; runs the app when it cannot be written, and writes nothing when it is off", async function () {
    this.timeout(60_000);
    const file = path.join(temp.dir, 'uncached.ts');
    fs.writeFileSync(file, appSource('esm', 'uncached'));
    const userCache = path.join(temp.dir, 'user-cache');
    assert.equal(await run(file, { DURABLE_TS_CACHE: '', XDG_CACHE_HOME: userCache }), 'uncached');
    assert.equal(fs.readdirSync(path.join(userCache, 'durable-ts', 'erased')).length, 1);
    const notAFolder = path.join(temp.dir, 'a-file');
    fs.writeFileSync(notAFolder, '');
    assert.equal(await run(file, { DURABLE_TS_CACHE: notAFolder }), 'uncached');
    const offCache = path.join(temp.dir, 'off-cache');
    assert.equal(await run(file, { DURABLE_TS_CACHE: 'off', XDG_CACHE_HOME: offCache }), 'uncached');
    assert.equal(fs.existsSync(offCache), false);
  });
});
