import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFile, DEFAULT_LINT_SETTINGS, WorkspaceProject } from '../../server/src/analyzer/index';
import { keepDeclarationFiles } from '../../server/src/analyzer/project/keptDeclarations';

/** An app whose DUR012 finding needs the lib's types (Map) and whose activity's typings come from a declaration file. */
function writeApp(folder: string, compilerOptions: object): string {
  fs.mkdirSync(path.join(folder, 'node_modules', 'durable-ts'), { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'fixtures', 'stubs', 'durable-ts.d.ts'), path.join(folder, 'node_modules', 'durable-ts', 'index.d.ts'));
  fs.writeFileSync(path.join(folder, 'node_modules', 'durable-ts', 'package.json'), JSON.stringify({ name: 'durable-ts', types: 'index.d.ts' }));
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
  const app = path.join(folder, 'app.ts');
  fs.writeFileSync(app, [
    "import { app } from 'durable-ts';",
    'const seen = new Map<string, number>();',
    "app.orchestration('Count', async (ctx) => {",
    '  seen.set(ctx.instanceId, Date.now());',
    '});',
    '',
  ].join('\n'));
  return app;
}

describe('declaration files kept across projects', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-kept-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('hands a later project with other options the very lib files kept, with the same findings', () => {
    const first = new WorkspaceProject(path.dirname(writeApp(path.join(root, 'first'), { target: 'ES2022', module: 'Node16', lib: ['ESNext'], strict: true })));
    assert.ok(keepDeclarationFiles(first.getProgram()) > 10);
    const es5 = first.getProgram().getSourceFiles().find((file) => file.fileName.endsWith('/lib.es5.d.ts'))!;
    const typings = first.getSourceFile(path.join(root, 'first', 'node_modules', 'durable-ts', 'index.d.ts'));
    assert.ok(typings, 'the app resolves durable-ts to its typings');
    const firstFindings = analyzeFile(first, path.join(root, 'first', 'app.ts'), DEFAULT_LINT_SETTINGS).map((finding) => finding.code);
    first.dispose();

    const secondApp = writeApp(path.join(root, 'second'), { target: 'ES2020', module: 'CommonJS', strict: false });
    const second = new WorkspaceProject(path.dirname(secondApp));
    assert.equal(second.getProgram().getSourceFile(es5.fileName), es5, 'lib.es5.d.ts was parsed again');
    assert.deepEqual(analyzeFile(second, secondApp, DEFAULT_LINT_SETTINGS).map((finding) => finding.code), firstFindings);
    assert.deepEqual(firstFindings, ['DUR012', 'DUR001']);
    second.dispose();
  });

  it('parses a kept declaration file anew once its text changed', () => {
    const app = writeApp(path.join(root, 'app'), { target: 'ES2022', module: 'Node16', strict: true });
    const typings = path.join(root, 'app', 'node_modules', 'durable-ts', 'index.d.ts');
    const first = new WorkspaceProject(path.dirname(app));
    keepDeclarationFiles(first.getProgram());
    first.dispose();

    fs.appendFileSync(typings, '\nexport declare const addedLater: number;\n');
    const second = new WorkspaceProject(path.dirname(app));
    assert.match(second.getSourceFile(typings)!.text, /addedLater/);
    second.dispose();
  });
});
