import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { namedBlock } from '../../scripts/markdownCode.mjs';
import { run, startServe, type Serving } from './processes';

const repoRoot = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/**
 * What a user does: pack the runtime, install the tarball into a new project outside this repository (its own
 * node_modules, dependencies from the registry), then use it as the README says. Nothing here can reach the
 * repository's own node_modules.
 */
describe('the durable-ts package, installed from its tarball into a project outside the repository', function () {
  this.timeout(240_000);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-outside-'));
  let install: { stdout: string; stderr: string };
  let tarball: string;
  const bin = (...args: string[]) => run(process.execPath, [path.join(project, 'node_modules/durable-ts/bin/durable-ts.js'), ...args], project);

  before(async () => {
    assert.ok(!project.startsWith(repoRoot + path.sep), 'the project is outside the repository');
    const packed = await run('npm', ['pack', './runtime', '--pack-destination', project, '--json'], repoRoot);
    tarball = path.join(project, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'outside', private: true, type: 'module' }));
    install = await run('npm', ['install', tarball, '@types/node@20', '--no-audit', '--no-fund'], project);
    fs.writeFileSync(path.join(project, 'app.ts'), namedBlock(readme, 'app.ts'));
    fs.writeFileSync(path.join(project, 'main.ts'), `${namedBlock(readme, 'main.ts')}console.log(JSON.stringify(status.output));\n`);
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('installs without engine warnings, with the CLI linked as node_modules/.bin/durable-ts', () => {
    assert.doesNotMatch(install.stderr, /EBADENGINE|ERR!/, install.stderr);
    assert.ok(fs.existsSync(path.join(project, 'node_modules/.bin/durable-ts')));
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/durable-ts/package.json'), 'utf8'));
    assert.equal(installed.name, 'durable-ts');
  });

  it('runs the README orchestration with `npx durable-ts run`, printing its output', async () => {
    const result = await run('npx', ['durable-ts', 'run', 'app.ts', 'HelloSequence', '--input', '["Tokyo","Seattle"]', '--quiet'], project);
    assert.deepEqual(JSON.parse(result.stdout), ['Hello Tokyo!', 'Hello Seattle!']);
    assert.doesNotMatch(result.stderr, /warning/i);
  });

  it('runs the README "from code" snippet with `node --import durable-ts/register`', async () => {
    const result = await run(process.execPath, ['--import', 'durable-ts/register', 'main.ts'], project);
    assert.deepEqual(JSON.parse(result.stdout), ['Hello Tokyo!', 'Hello Seattle!']);
  });

  it('type-checks the README snippets against the installed package types', async () => {
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, allowImportingTsExtensions: true }, files: ['app.ts', 'main.ts'] }),
    );
    await run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
  });

  it('replays an exported history with durable-ts/testing, and runs a test runtime that skips time', async () => {
    const script = [
      "import app from './app.js';",
      "import { createTestRuntime, replayHistory } from 'durable-ts/testing';",
      'const runtime = await createTestRuntime(app);',
      "const id = await runtime.client.start('HelloSequence', ['Lima']);",
      'await runtime.client.waitForCompletion(id);',
      'const status = await runtime.client.getStatus(id, { showHistory: true });',
      'await runtime.close();',
      'await replayHistory(app, JSON.stringify(status));',
      "console.log('replayed', status.historyEvents.length);",
    ].join('\n');
    fs.writeFileSync(path.join(project, 'replay.ts'), script);
    const result = await run(process.execPath, ['--import', 'durable-ts/register', 'replay.ts'], project);
    assert.match(result.stdout, /^replayed \d+$/m);
  });

  it('serves the HTTP management API, which runs an orchestration to completion', async () => {
    let serving: Serving | undefined;
    try {
      serving = await startServe(project, ['serve', 'app.ts', '--port', '0', '--store', 'serve.db', '--quiet']);
      const started = await fetch(`${serving.url}/api/orchestrators/HelloSequence`, { method: 'POST', body: '["Oslo"]' });
      assert.equal(started.status, 202);
      const { statusQueryGetUri } = (await started.json()) as { statusQueryGetUri: string };
      const status = await pollUntilFinished(statusQueryGetUri);
      assert.equal(status.runtimeStatus, 'Completed');
      assert.deepEqual(status.output, ['Hello Oslo!']);
    } finally {
      await serving?.stop();
    }
  });

  it('lints an orchestrator with `durable-ts lint`, reporting the rule and exiting 1', async () => {
    const orchestrator = "import { app } from 'durable-ts';\napp.orchestration('Clock', async () => Date.now());\n";
    fs.writeFileSync(path.join(project, 'clock.ts'), orchestrator);
    const result = await bin('lint', 'clock.ts', '--format', 'json').catch((failure: { code: number; stdout: string }) => failure);
    assert.equal((result as { code?: number }).code, 1);
    const findings = JSON.parse(result.stdout) as { code: string; file: string }[];
    assert.deepEqual(findings.map((finding) => finding.code), ['DUR001']);
  });

  it('scaffolds a project with `durable-ts init` that installs, runs, type-checks and lints clean', async () => {
    const created = path.join(project, 'weather');
    await bin('init', 'weather', '--from', tarball);
    for (const file of ['package.json', 'tsconfig.json', 'src/app.ts', '.vscode/launch.json']) assert.ok(fs.existsSync(path.join(created, file)), file);
    const started = await run('npm', ['start', '--silent'], created);
    assert.deepEqual(JSON.parse(started.stdout).receipt, 'sent 2 lines');
    await run('npm', ['run', 'typecheck', '--silent'], created);
    const lint = await run('npm', ['run', 'lint', '--silent'], created);
    assert.doesNotMatch(lint.stdout, /DUR\d{3}/);
    const again = await bin('init', 'weather', '--no-install').catch((failure: { code: number; stderr: string }) => failure);
    assert.equal((again as { code: number }).code, 1);
    assert.match(again.stderr, /already has package\.json.*nothing was changed/);
  });

  it('says how to install the runtime from a packed copy when `init` finds no durable-ts on the npm registry', async () => {
    // A registry that knows no package at all, as the public one knew no durable-ts before it was published.
    const registry = http.createServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}'));
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
      const failed = await run(process.execPath, [path.join(project, 'node_modules/durable-ts/bin/durable-ts.js'), 'init', 'unpublished'], project, { npm_config_registry: url }).catch(
        (failure: { code: number; stderr: string }) => failure,
      );
      assert.equal((failed as { code: number }).code, 1);
      assert.match(failed.stderr, /E404/, 'npm\'s own error is shown');
      assert.match(failed.stderr, /error: npm install failed in .*unpublished \(exit 1\); the files are in place\. Your npm registry has no durable-ts \d+\.\d+\.\d+: install it there from a packed copy \(npm install \/path\/to\/durable-ts-[\d.]+\.tgz, made by npm pack of the runtime\), or pass --from with that \.tgz/);
      assert.ok(fs.existsSync(path.join(project, 'unpublished/src/app.ts')), 'the project files stay');
      await run('npm', ['install', tarball, '--no-audit', '--no-fund'], path.join(project, 'unpublished'));
      const started = await run('npm', ['start', '--silent'], path.join(project, 'unpublished'));
      assert.deepEqual(JSON.parse(started.stdout).receipt, 'sent 2 lines', 'following the advice gives a working project');
    } finally {
      registry.close();
    }
  });
});

async function pollUntilFinished(uri: string): Promise<{ runtimeStatus: string; output: unknown }> {
  for (;;) {
    const response = await fetch(uri);
    const status = (await response.json()) as { runtimeStatus: string; output: unknown };
    if (!['Pending', 'Running'].includes(status.runtimeStatus)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
