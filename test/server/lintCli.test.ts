import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runLintCli } from '../../server/src/lint/cli';
import { REPO_ROOT } from './support/paths';
import { RULES_FIXTURE } from './support/fixtures';

const BIN = path.join(REPO_ROOT, 'server', 'src', 'lint', 'bin.ts');

/** Runs `durable-ts-lint` as a real process in the rules fixture, as a user or CI would. */
function lint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: RULES_FIXTURE, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lint CLI', function () {
  this.timeout(60000);

  it('prints file:line:column findings and a summary, and exits 1 on errors', () => {
    const { status, stdout } = lint('src/currentTime.ts');
    assert.equal(status, 1);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^src\/currentTime\.ts:4:15 {2}error {7}DUR001 {2}Date\.now\(\) reads the current time/);
    assert.equal(lines.filter((line) => line.startsWith('src/currentTime.ts:')).length, 4);
    assert.equal(lines.at(-1), '4 problems in 1 file (4 errors, 0 warnings, 0 information).');
  });

  it('writes JSON with 1-based positions, the file as given, and exactly the documented fields', () => {
    const { status, stdout } = lint('./src/currentTime.ts', '--format', 'json');
    assert.equal(status, 1);
    const findings = JSON.parse(stdout) as Record<string, unknown>[];
    assert.equal(findings.length, 4);
    assert.deepEqual(findings[0], {
      file: './src/currentTime.ts',
      line: 4,
      column: 15,
      endLine: 4,
      endColumn: 25,
      code: 'DUR001',
      severity: 'error',
      message: 'Date.now() reads the current time, which differs on every replay; use ctx.currentUtcDateTime.',
    });
  });

  it('names files found in a folder relative to the working directory', () => {
    const { stdout } = lint('src/orders', '--format=json');
    assert.deepEqual((JSON.parse(stdout) as { file: string }[]).map((finding) => finding.file), ['src/orders/processOrder.ts']);
  });

  it('writes SARIF 2.1.0 with rules, regions and fixes', () => {
    const { status, stdout } = lint('src/currentTime.ts', '--format', 'sarif');
    assert.equal(status, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules.length, 14);
    assert.equal(run.results.length, 4);
    const [first] = run.results;
    assert.equal(first.ruleId, 'DUR001');
    assert.equal(first.level, 'error');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 4, startColumn: 15, endLine: 4, endColumn: 25 });
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'src/currentTime.ts');
    assert.equal(first.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'ctx.currentUtcDateTime.getTime()');
  });

  it('exits 0 when there are only warnings or nothing at all', () => {
    const warnings = lint('src/logging.ts');
    assert.equal(warnings.status, 0);
    assert.match(warnings.stdout, /3 problems in 1 file \(0 errors, 3 warnings, 0 information\)/);
    const clean = lint('src/registry.ts');
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'No problems found in 1 file.\n');
  });

  it('honours --rule severities and --no-type-aware', () => {
    assert.equal(lint('src/currentTime.ts', '--rule', 'DUR001=off').status, 0);
    const downgraded = JSON.parse(lint('src/currentTime.ts', '--rule=DUR001=warning', '--format', 'json').stdout) as { severity: string }[];
    assert.deepEqual([...new Set(downgraded.map((finding) => finding.severity))], ['warning']);
    const syntactic = JSON.parse(lint('src/inputs.ts', '--no-type-aware', '--format', 'json').stdout);
    assert.deepEqual(syntactic, []);
  });

  it('exits 2 with a clear message on a usage mistake', () => {
    const unknownOption = lint('--colour');
    assert.equal(unknownOption.status, 2);
    assert.match(unknownOption.stderr, /Unknown option "--colour"/);
    const missing = lint('src/nope.ts');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /No such file or folder: src\/nope\.ts/);
    const badRule = lint('--rule', 'DUR001=loud');
    assert.equal(badRule.status, 2);
    assert.match(badRule.stderr, /Invalid severity "loud" for DUR001/);
    const badConcurrency = lint('--concurrency', '0');
    assert.equal(badConcurrency.status, 2);
    assert.match(badConcurrency.stderr, /--concurrency takes a number of processes or auto; got "0"/);
  });

  it('lints the whole project of the working directory when given no paths', () => {
    const findings = JSON.parse(lint('--format', 'json').stdout) as { file: string }[];
    const files = new Set(findings.map((finding) => finding.file));
    for (const file of ['src/chains.ts', 'src/durableFunctions/v4App.js', 'src/view.tsx', 'src/orders/processOrder.ts']) {
      assert.ok(files.has(file), `${file} missing from ${[...files].join(', ')}`);
    }
    assert.ok(!files.has('src/registry.ts'));
  });

  it('is callable in-process with its own output streams and working directory', async () => {
    const out: string[] = [];
    const code = await runLintCli(['src/logging.ts', '--format', 'json'], { stdout: (text) => out.push(text), stderr: () => undefined, cwd: RULES_FIXTURE });
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(out.join('')) as { code: string }[]).map((finding) => finding.code), ['DUR011', 'DUR011', 'DUR011']);
  });
});
