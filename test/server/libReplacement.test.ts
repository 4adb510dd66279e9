import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { WorkspaceProject } from '../../server/src/analyzer/index';

/** A project with packages installed, whose tsconfig targets ES2022 (its lib files reference lib.es2015.d.ts). */
function writeProject(folder: string): void {
  fs.mkdirSync(path.join(folder, 'node_modules', '@types', 'lodash'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'Node16', strict: true }, include: ['*.ts'] }));
  fs.writeFileSync(path.join(folder, 'app.ts'), 'export const started = new Map<string, number>();\n');
}

/** The paths TypeScript asks about while `project` builds its first program. */
function pathsAskedAbout(build: () => void): string[] {
  const asked: string[] = [];
  const { fileExists, directoryExists } = ts.sys;
  ts.sys.fileExists = (file) => (asked.push(file), fileExists(file));
  ts.sys.directoryExists = (folder) => (asked.push(folder), directoryExists(folder));
  try {
    build();
  } finally {
    Object.assign(ts.sys, { fileExists, directoryExists });
  }
  return asked;
}

describe('lib replacement packages', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lib-replacement-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are not looked up for each lib file when none is installed above the project', () => {
    writeProject(root);
    const asked = pathsAskedAbout(() => {
      const project = new WorkspaceProject(root);
      project.getProgram();
      project.dispose();
    });
    assert.deepEqual(asked.filter((asked) => /@typescript[\\/]lib-|typescript__lib-/.test(asked)), []);
  });

  it('still replace a lib file when one is installed', () => {
    writeProject(root);
    const replacement = path.join(root, 'node_modules', '@typescript', 'lib-es2015');
    fs.mkdirSync(replacement, { recursive: true });
    fs.writeFileSync(path.join(replacement, 'package.json'), JSON.stringify({ name: '@typescript/lib-es2015', types: 'index.d.ts' }));
    fs.writeFileSync(path.join(replacement, 'index.d.ts'), fs.readFileSync(path.join(path.dirname(require.resolve('typescript')), 'lib.es2015.d.ts')));
    const project = new WorkspaceProject(root);
    const files = project.getProgram().getSourceFiles().map((file) => file.fileName);
    project.dispose();
    assert.ok(files.some((file) => file.endsWith('/node_modules/@typescript/lib-es2015/index.d.ts')), files.join('\n'));
  });
});
