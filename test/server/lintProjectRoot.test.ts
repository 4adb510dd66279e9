import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './support/paths';

const BIN = path.join(REPO_ROOT, 'server', 'src', 'lint', 'bin.ts');
/** tsx by its file: the lint starts outside the repository, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(require.resolve('tsx')).href;

/** A JavaScript Functions app with no tsconfig/jsconfig: its host.json marks its root. */
const APP = `const df = require('durable-functions');
const n = parseInt(process.env.N, 10);
df.app.orchestration('Orchestrator', function* (context) {
  if (n > 3) yield context.df.callActivity('Work', 1);
  yield context.df.callActivity('Work', process.env.X);
  yield context.df.callActivity('Nope', 1);
});
df.app.activity('Work', { handler: (x) => x });
`;

/** A browser script beside the app: its global \`process\` shim would hide Node's \`process\` from a program that held it. */
const BROWSER_SHIM = 'var process = { env: {} };\n';

interface Finding {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

function lint(cwd: string, ...args: string[]): Finding[] {
  const result = spawnSync(process.execPath, ['--import', TSX, BIN, ...args, '--format', 'json'], { cwd, encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as Finding[];
}

/** Findings without the file's name, which is shown relative to where the lint started. */
const located = (findings: Finding[]) => findings.map(({ line, column, code, message }) => `${line}:${column} ${code} ${message}`);

/**
 * The program a lint builds for an app without a tsconfig/jsconfig is its app's (host.json / package.json), or the
 * files named: never the working directory's, wherever the lint is started from.
 */
describe('the project of a linted JavaScript app without a tsconfig', function () {
  this.timeout(60000);
  let workspace: string;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lint-root-'));
    fs.mkdirSync(path.join(workspace, 'functions'));
    fs.writeFileSync(path.join(workspace, 'functions', 'host.json'), '{ "version": "2.0" }\n');
    fs.writeFileSync(path.join(workspace, 'functions', 'app.js'), APP);
    fs.mkdirSync(path.join(workspace, 'web'));
    fs.writeFileSync(path.join(workspace, 'web', 'shim.js'), BROWSER_SHIM);
    fs.mkdirSync(path.join(workspace, 'scratch'));
    fs.writeFileSync(path.join(workspace, 'scratch', 'shim.js'), BROWSER_SHIM);
    fs.writeFileSync(path.join(workspace, 'scratch', 'orchestrator.js'), APP);
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('finds the same from inside the app, from its parent folder and from an unrelated folder', () => {
    const inside = lint(path.join(workspace, 'functions'), '.');
    assert.deepEqual(inside.map((finding) => `${finding.file}:${finding.line}:${finding.code}`), ['app.js:4:DUR005', 'app.js:5:DUR005', 'app.js:6:DUR009']);
    const fromParent = lint(workspace, 'functions');
    assert.deepEqual(fromParent.map((finding) => finding.file), ['functions/app.js', 'functions/app.js', 'functions/app.js']);
    assert.deepEqual(located(fromParent), located(inside));
    assert.deepEqual(located(lint(path.join(workspace, 'web'), path.join(workspace, 'functions'))), located(inside));
  });

  it('reads only the files named, with their imports, where nothing marks an app', () => {
    const findings = lint(path.join(workspace, 'scratch'), 'orchestrator.js');
    assert.deepEqual(findings.map((finding) => `${finding.file}:${finding.line}:${finding.code}`), ['orchestrator.js:4:DUR005', 'orchestrator.js:5:DUR005', 'orchestrator.js:6:DUR009']);
  });
});
