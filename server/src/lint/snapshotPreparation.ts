import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFile } from '../analyzer/index';
import { appLayoutChanged } from '../analyzer/project/appRoots';
import { keepDeclarationFiles } from '../analyzer/project/keptDeclarations';
import { WorkspaceProject } from '../analyzer/project/workspaceProject';
import { DEFAULT_LINT_SETTINGS } from '../analyzer/settings';
import { lintSampleWorkspace } from './snapshotWarmUp';

/** An app that takes the analysis through its rules once, so the snapshot holds them compiled. */
const SAMPLE_APP = `import { app } from 'durable-ts';
const greet = app.activity('Greet', async (name: string) => \`Hello \${name} at \${Date.now()}\`);
const counts = new Map<string, number>();
app.orchestration('Sample', async (ctx, names: string[]) => {
  const started = Date.now() + Math.random();
  console.log('starting', process.env.REGION, started);
  counts.set(ctx.instanceId, names.length);
  const greetings = await Promise.all(names.map((name) => ctx.callActivity(greet, name)));
  await new Promise((resolve) => setTimeout(resolve, 10));
  while (true) { await ctx.createTimer(1000); if (greetings.length > 0) break; }
  return greetings;
});
`;

/**
 * Parses and binds what every lint of an app parses first, for a startup snapshot of the lint to keep: TypeScript's
 * lib files (the newest ECMAScript set, which holds every older target's) and the declaration files `typings` (the
 * runtime's index.d.ts) reaches, parsed as a WorkspaceProject parses them, so later projects are handed the very same
 * files; then lints a sample app, and a sample workspace as the command line does. What the samples' lint learnt of
 * the file system (which folders mark an app) is forgotten: a lint from the snapshot runs later, on a disk that may
 * have changed. Returns how many files are kept.
 */
export function prepareLintSnapshot(typings: string): number {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-lint-snapshot-'));
  try {
    const sample = path.join(folder, 'app.ts');
    fs.writeFileSync(sample, SAMPLE_APP);
    fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', lib: ['ESNext'], types: [], strict: true, paths: { 'durable-ts': [typings] } },
      files: [sample],
    }));
    const project = new WorkspaceProject(folder, false);
    const count = keepDeclarationFiles(project.getProgram());
    analyzeFile(project, sample, DEFAULT_LINT_SETTINGS);
    project.dispose();
    lintSampleWorkspace(path.join(folder, 'workspace'), typings);
    return count;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    appLayoutChanged();
  }
}
