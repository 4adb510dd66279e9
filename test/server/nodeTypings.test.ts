import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LINT_SETTINGS } from '../../server/src/analyzer/index';
import { WorkspaceProject } from '../../server/src/analyzer/project/workspaceProject';
import { runLint } from '../../server/src/lint/lintRun';
import { REPO_ROOT } from './support/paths';

/**
 * Node's typings are most of what TypeScript would parse and bind for a small app (2 MB of @types/node against
 * a few kilobytes of code), and the rules know Node's APIs by module and global name: the lint leaves them out.
 */
describe("the lint without Node's typings", function () {
  this.timeout(60000);
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lint-node-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'runtime'), path.join(root, 'node_modules', 'durable-ts'), 'dir');
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', '@types', 'node'), path.join(root, 'node_modules', '@types', 'node'), 'dir');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'Node16', strict: true, types: ['node'] }, include: ['src'] }));
    fs.writeFileSync(path.join(root, 'src', 'app.ts'), [
      "import { app } from 'durable-ts';",
      "import { readFile } from 'node:fs/promises';",
      "import { hostname } from 'os';",
      '',
      "app.orchestration('Report', async (ctx, input: string) => {",
      "  const template = await readFile('template.txt', 'utf8');",
      '  const region = process.env.REGION;',
      '  const host = hostname();',
      "  const started = Buffer.from(input).length;",
      "  return ctx.callActivity('Render', { template, region, host, started });",
      '});',
      '',
    ].join('\n'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('parses no file of @types/node, even when the tsconfig lists it or the runtime imports node: modules', () => {
    const project = new WorkspaceProject(root);
    const parsed = project.getProgram().getSourceFiles().map((file) => file.fileName);
    project.dispose();
    assert.ok(parsed.some((file) => file.endsWith('/runtime/dist/index.d.ts')), 'the runtime types are loaded');
    assert.deepEqual(parsed.filter((file) => file.includes('@types/node')), []);
  });

  it('still reports I/O, the environment and process state through Node APIs', () => {
    const { results } = runLint([], DEFAULT_LINT_SETTINGS, root);
    assert.deepEqual(results.map((result) => `${result.line}:${result.code}`), ['6:DUR004', '7:DUR005', '8:DUR005']);
  });
});
