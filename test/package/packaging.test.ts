import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './processes';

const repoRoot = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const runtimeModules = path.join(repoRoot, 'runtime', 'node_modules');
/** What earlier packagings marked their copies in the working tree with (they are removed, not kept). */
const STAGED_MARKER = '.staged-for-vsix';

/** Every file under runtime/node_modules that npm put there, with its size and modification time. */
function installedRuntimeModules(): string[] {
  if (!fs.existsSync(runtimeModules)) return [];
  return fs.readdirSync(runtimeModules)
    .filter((name) => !fs.existsSync(path.join(runtimeModules, name, STAGED_MARKER)))
    .flatMap((name) => (fs.readdirSync(path.join(runtimeModules, name), { recursive: true }) as string[]).map((file) => path.join(name, file)))
    .map((file) => {
      const stat = fs.statSync(path.join(runtimeModules, file));
      return `${file} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

/** `npm run package` once built: the .vsix, from the command its script runs. */
describe('packaging the extension', function () {
  this.timeout(180_000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-packaging-'));
  const vsix = path.join(scratch, 'extension.vsix');
  let npmInstalled: string[];
  let packaged: Set<string>;

  before(async () => {
    const command = /&& node (scripts\/packageVsix\.mjs.*)$/.exec(manifest.scripts.package)?.[1];
    assert.ok(command, `the package script runs scripts/packageVsix.mjs after the build: ${manifest.scripts.package}`);
    npmInstalled = installedRuntimeModules();
    await run(process.execPath, [...command.split(' '), '--out', vsix], repoRoot);
    packaged = new Set(execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("leaves the working tree's runtime/node_modules as npm installed it", () => {
    const left = fs.existsSync(runtimeModules) ? fs.readdirSync(runtimeModules).filter((name) => fs.existsSync(path.join(runtimeModules, name, STAGED_MARKER))) : [];
    assert.deepStrictEqual(left, [], 'copies staged for the package');
    assert.deepStrictEqual(installedRuntimeModules(), npmInstalled);
  });

  it('leaves `durable-ts lint` in the working tree with the lib types of its TypeScript', async () => {
    // An app beside the tree whose durable-ts is the tree's runtime: `string[]` needs lib.es5.d.ts's Array.
    const project = path.join(scratch, 'app');
    fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'runtime'), path.join(project, 'node_modules', 'durable-ts'), 'junction');
    fs.writeFileSync(path.join(project, 'app.ts'), [
      "import { app } from 'durable-ts';",
      "const count = app.activity('Count', async (items: string[]) => items.length);",
      "app.orchestration('Counts', async (ctx) => ctx.callActivity(count, 42));",
      'export default app;',
      '',
    ].join('\n'));
    const lint = await run(process.execPath, [path.join(repoRoot, 'runtime', 'bin', 'durable-ts.js'), 'lint', 'app.ts'], project).catch((failed) => failed);
    assert.match(lint.stdout, /DUR010\s+Activity 'Count' expects input of type string\[\], but this passes number\./, lint.stdout + lint.stderr);
  });

  it("carries the runtime's dependencies: sql.js, the TypeScript parser and the PostgreSQL client with every package it requires", () => {
    for (const file of ['sql.js/dist/sql-wasm.wasm', 'typescript/lib/typescript.js', 'pg/lib/index.js']) {
      assert.ok(packaged.has(`extension/runtime/node_modules/${file}`), file);
    }
    const required = new Set<string>();
    const walk = (name: string) => {
      if (required.has(name)) return;
      required.add(name);
      const dependencies = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).dependencies ?? {};
      Object.keys(dependencies).forEach(walk);
    };
    walk('pg');
    const missing = [...required].filter((name) => !packaged.has(`extension/runtime/node_modules/${name}/package.json`));
    assert.deepStrictEqual(missing, [], 'packages the .vsix does not carry');
  });

  it('refuses a plain `vsce package` in the working tree, which would pack it without those dependencies', async () => {
    const direct = await run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', path.join(scratch, 'direct.vsix')], repoRoot).catch((failed) => failed);
    assert.notStrictEqual(direct.code, 0);
    assert.match(direct.stdout + direct.stderr, /Run `npm run package`/);
    assert.ok(!fs.existsSync(path.join(scratch, 'direct.vsix')));
  });
});
