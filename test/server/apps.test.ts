import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { analyzeFile, DEFAULT_LINT_SETTINGS, findSourceFiles, WorkspaceProject } from '../../server/src/analyzer/index';
import { runLint } from '../../server/src/lint/lintRun';
import { copyFixture, expectedFindings, FIXTURES, removeFixtureCopy } from './support/fixtures';

/**
 * A workspace holding apps side by side: function.json (v3) apps (one whose function.json files do not all parse),
 * a v4 durable-functions app and a durable-ts app. Each app's calls are checked against its own registrations only; `// expect:` marks the findings.
 */
describe('registrations of several apps in one workspace', function () {
  this.timeout(60000);
  const root = path.join(FIXTURES, 'apps');
  const project = new WorkspaceProject(root);
  after(() => project.dispose());

  for (const fileName of findSourceFiles(root)) {
    it(`${path.relative(root, fileName)}: reports exactly the marked lines`, () => {
      const sourceFile = project.getSourceFile(fileName)!;
      const actual = analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS)
        .map((finding) => `${sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1}:${finding.code} ${finding.message}`);
      assert.deepEqual(actual.map((line) => line.split(' ')[0]).sort(), expectedFindings(fs.readFileSync(fileName, 'utf8')), `findings:\n${actual.join('\n')}`);
    });
  }

  it('names the app, not the workspace, when a name is unknown', () => {
    const fileName = path.join(root, 'classic', 'Orchestrator', 'index.js');
    const messages = analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).map((finding) => finding.message);
    assert.ok(messages.includes("No orchestration named 'ManyInstancesOrchestrator' is registered in this app."), messages.join('\n'));
  });

  it('names a function.json that does not parse, and where', () => {
    const fileName = path.join(root, 'classic-broken', 'Orchestrator', 'index.js');
    const messages = analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).filter((finding) => finding.code === 'DUR000').map((finding) => finding.message);
    assert.deepEqual(messages, [
      "Greet/function.json does not parse (5:1: ',' expected.), so the Functions host does not load 'Greet'.",
      "Audit/function.json is empty, so the Functions host does not load 'Audit'.",
    ]);
  });

  it('phrases the advice of a call chain for the calling orchestrator\'s programming model', () => {
    const fileName = path.join(root, 'modern', 'src', 'functions', 'hello.ts');
    const chain = analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).find((finding) => finding.code === 'DUR001');
    assert.equal(chain?.message, 'stamp() → new Date(): new Date() reads the current time, which differs on every replay; use context.df.currentUtcDateTime.');
  });

  it('sees a function.json folder added while the project is open', () => {
    const copy = copyFixture('apps');
    const copied = new WorkspaceProject(copy);
    try {
      const orchestrator = path.join(copy, 'classic', 'Orchestrator', 'index.js');
      const unknown = () => analyzeFile(copied, orchestrator, DEFAULT_LINT_SETTINGS).filter((finding) => finding.message.includes("'ManyInstancesOrchestrator'"));
      assert.equal(unknown().length, 1);
      const folder = path.join(copy, 'classic', 'ManyInstancesOrchestrator');
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'function.json'), JSON.stringify({ bindings: [{ name: 'context', type: 'orchestrationTrigger', direction: 'in' }] }));
      copied.filesChangedOnDisk([{ fileName: path.join(folder, 'function.json'), kind: 'created' }]);
      assert.equal(unknown().length, 0);
    } finally {
      copied.dispose();
      removeFixtureCopy(copy);
    }
  });

  it('keeps apps apart that no host.json or package.json marks, whichever is linted first', () => {
    // Each folder is then an app of its own; the folders above them (no marker up to the file system's root) are not.
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lint-unmarked-'));
    try {
      const markers = ancestorsOf(workspace).flatMap((folder) => ['host.json', 'package.json'].map((name) => path.join(folder, name))).filter((file) => fs.existsSync(file));
      assert.deepEqual(markers, [], 'this test needs a temporary folder with no app marker above it');
      for (const [app, registered, called] of [['billing', 'Charge', 'Refund'], ['refunds', 'Refund', 'Charge']]) {
        fs.mkdirSync(path.join(workspace, app));
        fs.writeFileSync(path.join(workspace, app, 'app.ts'), `import { app } from 'durable-ts';
app.activity('${registered}', async (amount: number) => amount);
app.orchestration('${app}', async (ctx, amount: number) => {
  await ctx.callActivity('${called}', amount);
});
`);
      }
      const unknown = runLint([], DEFAULT_LINT_SETTINGS, workspace).results.filter((result) => result.code === 'DUR009').map((result) => `${result.file}:${result.line}`);
      assert.deepEqual(unknown, ['billing/app.ts:4', 'refunds/app.ts:4']);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});

function ancestorsOf(folder: string): string[] {
  const parent = path.dirname(folder);
  return parent === folder ? [folder] : [folder, ...ancestorsOf(parent)];
}
