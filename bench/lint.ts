/**
 * Lint benchmarks: re-analysis after an edit to a 1,000-line file, first analysis of a 200-file workspace, and
 * the same workspace side by side with ESLint's restricted-syntax rules. Prints tables of medians.
 * Run: `node --import tsx bench/lint.ts [--runs N] [--before DIR] [--cli]` (DIR: a built checkout to compare the CLI
 * with; --cli: only the `durable-ts lint` table).
 * The corpus is generated in a temporary folder; the real-code row uses the public Durable Functions apps of
 * test/server/corpus (when they have been fetched).
 * Whole-workspace passes run in fresh processes (cold, as at server start or in CI), timed after module loading.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import ts from 'typescript';
import path from 'node:path';
import { analyzeFile, DEFAULT_LINT_SETTINGS, normalizePath, WorkspaceProject, type LintSettings } from '../server/src/analyzer/index';
import { runLint } from '../server/src/lint/lintRun';
import { CORPUS_MANIFEST, CORPUS_ROOT, corpusProblem, scoreOnCorpus, type CorpusFinding } from '../test/server/support/corpus';
import { generateCorpus, removeCorpus, type Corpus, type LineTag } from './lintCorpus';
import { runEslint } from './lintEslint';
import { lintSnapshotFile, lintSnapshotInputs } from '../runtime/src/cli/lintSnapshot/snapshotFile';
import { childrenCpuMilliseconds } from './childrenCpu';
import { median, printTable, type Row } from './table';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const EDITS = 30;
const SYNTACTIC: LintSettings = { ...DEFAULT_LINT_SETTINGS, typeAware: false };

function milliseconds(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

function time<T>(task: () => T): [number, T] {
  const start = performance.now();
  const result = task();
  return [performance.now() - start, result];
}

/** Wall-clock and CPU time of a task; on a busy machine the CPU time shows the work itself. */
function timeWithCpu(task: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const [wall] = time(task);
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/**
 * Each edit types into an orchestrator of the big file, as a user would, then re-analyses the file the way the
 * language server does after its pause: new program (reusing every other file), then the rules.
 */
function editLatency(corpus: Corpus, settings: LintSettings): { wall: number; cpu: number } {
  const project = new WorkspaceProject(corpus.root);
  const original = ts.sys.readFile(corpus.bigFile)!;
  const samples: { wall: number; cpu: number }[] = [];
  for (let edit = 0; edit < EDITS + 5; edit++) {
    const text = original.replace('results.push(await ctx.callActivity(', `results.push(await ctx.callActivity(/* ${edit} */`);
    const sample = timeWithCpu(() => {
      project.setOpenDocument(corpus.bigFile, text, edit + 1);
      return analyzeFile(project, corpus.bigFile, settings);
    });
    if (edit >= 5) samples.push(sample);
  }
  project.dispose();
  return { wall: median(samples.map((sample) => sample.wall)), cpu: median(samples.map((sample) => sample.cpu)) };
}

interface Pass {
  elapsed: number;
  /** CPU time of the pass: on a shared machine, the work itself. */
  cpu: number;
  findings: { file: string; line: number }[];
}

const WORKSPACE_PASS = '--workspace-pass';
const ESLINT_PASS = '--eslint-pass';
const REAL_CODE_PASS = '--real-code-pass';
const REAL_CODE_ESLINT_PASS = '--real-code-eslint-pass';

interface RealCodePass {
  elapsed: number;
  cpu: number;
  files: number;
  findings: CorpusFinding[];
}

/** `durable-ts lint apps` in the corpus, as a user would run it. */
function realCodePass(): RealCodePass {
  const cpuStart = process.cpuUsage();
  const [elapsed, run] = time(() => runLint(['apps'], DEFAULT_LINT_SETTINGS, CORPUS_ROOT));
  return { elapsed, cpu: cpuMilliseconds(cpuStart), files: run.filesLinted, findings: run.results.map((result) => ({ file: result.file, line: result.line, code: result.code })) };
}

async function realCodeEslintPass(): Promise<RealCodePass> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const findings = await runEslint(CORPUS_ROOT, ['apps/**/*.ts', 'apps/**/*.js']);
  // The files those patterns match: every TypeScript and JavaScript file of the corpus.
  const files = CORPUS_MANIFEST.apps.flatMap((app) => app.files).filter((file) => /\.(ts|js)$/.test(file)).length;
  return {
    elapsed: performance.now() - start,
    cpu: cpuMilliseconds(cpuStart),
    files,
    findings: findings.map((finding) => ({ file: path.relative(path.join(CORPUS_ROOT, 'apps'), finding.file).split(path.sep).join('/'), line: finding.line, code: '' })),
  };
}

function analyzeWorkspace(root: string): Pass {
  const cpuStart = process.cpuUsage();
  const [elapsed, findings] = time(() => {
    const project = new WorkspaceProject(root);
    const all = project.lintableFiles().flatMap((fileName) => {
      const sourceFile = project.getSourceFile(fileName)!;
      return analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).map((finding) => ({
        file: fileName,
        line: sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1,
      }));
    });
    project.dispose();
    return all;
  });
  return { elapsed, cpu: cpuMilliseconds(cpuStart), findings };
}

function cpuMilliseconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function classify(corpus: Corpus, findings: { file: string; line: number }[]): Record<LineTag, number> {
  const counts: Record<LineTag, number> = { orchestrator: 0, 'orchestrator-mistake': 0, activity: 0, helper: 0, other: 0 };
  for (const finding of findings) counts[corpus.tags.get(normalizePath(finding.file))?.[finding.line - 1] ?? 'other']++;
  return counts;
}

function seededMistakesFound(corpus: Corpus, findings: { file: string; line: number }[]): number {
  const lines = new Set(findings.map((finding) => `${normalizePath(finding.file)}:${finding.line}`));
  let found = 0;
  for (const [file, tags] of corpus.tags) tags.forEach((tag, i) => { if (tag === 'orchestrator-mistake' && lines.has(`${file}:${i + 1}`)) found++; });
  return found;
}

async function eslintPass(root: string): Promise<Pass> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const findings = await runEslint(root);
  return { elapsed: performance.now() - start, cpu: cpuMilliseconds(cpuStart), findings };
}

/** One pass in a fresh Node process: nothing compiled, cached or warmed up by an earlier pass. */
function coldPass<T = Pass>(kind: string, root: string): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', __filename, kind, root], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output) as T;
}

const DURABLE_TS_BIN = path.join(__dirname, '..', 'runtime', 'bin', 'durable-ts.js');
const beforeIndex = process.argv.indexOf('--before');
/** A built checkout of the code to compare with (`--before DIR`), measured alternating with this one. */
const BEFORE_BIN = beforeIndex >= 0 ? path.resolve(process.argv[beforeIndex + 1], 'runtime', 'bin', 'durable-ts.js') : undefined;

/**
 * `durable-ts lint` as a user runs it: a new process, from start to exit (wall time), and the CPU time it and its
 * children used. Exit code 1 (errors found) is the expected outcome on these workspaces; anything else fails the
 * benchmark.
 */
function cliRun(bin: string, cwd: string, env: NodeJS.ProcessEnv = process.env): { wall: number; cpu: number } {
  const cpuBefore = childrenCpuMilliseconds();
  const start = performance.now();
  const result = spawnSync(process.execPath, [bin, 'lint'], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`durable-ts lint in ${cwd} exited ${result.status}: ${result.stderr}`);
  return { wall, cpu: childrenCpuMilliseconds() - cpuBefore };
}

/** The lint's startup snapshot is prepared in the background by a first run: timed runs start once it is there. */
async function withSnapshotPrepared(cwd: string): Promise<void> {
  cliRun(DURABLE_TS_BIN, cwd);
  const snapshot = lintSnapshotFile(lintSnapshotInputs());
  for (const deadline = Date.now() + 180_000; snapshot && !fs.existsSync(snapshot);) {
    if (Date.now() > deadline) throw new Error(`the lint's startup snapshot ${snapshot} was not prepared within 3 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `durable-ts lint` on each workspace: this code from its snapshot, this code without one (a first run, or caches
 * off), and the code before (`--before`), run in turn so that each sees the same load.
 */
async function cliRows(workspaces: { name: string; root: string; budget: string }[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workspace of workspaces) {
    await withSnapshotPrepared(workspace.root);
    if (BEFORE_BIN) cliRun(BEFORE_BIN, workspace.root);
    const samples: Record<'snapshot' | 'noSnapshot' | 'before', { wall: number; cpu: number }[]> = { snapshot: [], noSnapshot: [], before: [] };
    for (let run = 0; run < runs; run++) {
      samples.snapshot.push(cliRun(DURABLE_TS_BIN, workspace.root));
      samples.noSnapshot.push(cliRun(DURABLE_TS_BIN, workspace.root, { ...process.env, DURABLE_TS_CACHE: 'off' }));
      if (BEFORE_BIN) samples.before.push(cliRun(BEFORE_BIN, workspace.root));
    }
    const [snapshot, noSnapshot, before] = [samples.snapshot, samples.noSnapshot, samples.before].map(medianRun);
    rows.push({
      workspace: workspace.name,
      'wall (CPU)': `${milliseconds(snapshot.wall)} (${milliseconds(snapshot.cpu)})`,
      'no snapshot yet: wall (CPU)': `${milliseconds(noSnapshot.wall)} (${milliseconds(noSnapshot.cpu)})`,
      'before: wall (CPU)': BEFORE_BIN ? `${milliseconds(before.wall)} (${milliseconds(before.cpu)})` : 'not measured (--before DIR)',
      budget: workspace.budget,
    });
  }
  return rows;
}

function medianRun(samples: { wall: number; cpu: number }[]): { wall: number; cpu: number } {
  return { wall: median(samples.map((sample) => sample.wall)), cpu: median(samples.map((sample) => sample.cpu)) };
}

/** A one-file app: an orchestration file of the corpus, its imports inlined, with this repository's runtime installed. */
function oneFileApp(corpus: Corpus): string {
  const root = path.join(corpus.root, 'one-file-app');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.mkdirSync(path.join(root, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(__dirname, '..', 'runtime'), path.join(root, 'node_modules', 'durable-ts'), 'dir');
  fs.symlinkSync(path.join(__dirname, '..', 'node_modules', '@types', 'node'), path.join(root, 'node_modules', '@types', 'node'), 'dir');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), fs.readFileSync(path.join(corpus.root, 'tsconfig.json')));
  fs.writeFileSync(path.join(root, 'src', 'app.ts'), fs.readFileSync(corpus.files.find((file) => file.includes('orchestrations0.ts'))!, 'utf8')
    .replace(/^import .*activities.*$/m, "const activity0_0 = 'Activity0_0', activity0_1 = 'Activity0_1';")
    .replace(/^import .*helpers.*$/m, "const formatLine0 = (values: string[]) => values.join(', '), total0 = (values: number[]) => values.length, newRequestId0 = () => 'id';"));
  return root;
}

/** The workspaces `durable-ts lint` is timed on, with their budgets. */
function cliWorkspaces(corpus: Corpus): { name: string; root: string; budget: string }[] {
  return [
    { name: 'one-file app', root: oneFileApp(corpus), budget: '≤ 0.5 s' },
    { name: `${corpus.files.length - 1}-file workspace`, root: corpus.root, budget: '≤ 3 s' },
  ];
}

function printCliTable(rows: Row[]): void {
  const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;
  printTable(`\`durable-ts lint\`, process start to exit (medians of ${runs}, run in turn; CPU time of the process and its children; ${load})`, rows);
}

/** Durable TS lint and ESLint's restricted-syntax rules on the real apps: speed, and how right each is. */
function printRealCodeTable(): void {
  const problem = corpusProblem();
  if (problem) {
    console.log(`\nReal code: skipped (${problem}; test/server/corpus/manifest.json names the apps).`);
    return;
  }
  const hazardLines = new Set(CORPUS_MANIFEST.expectations.map((expected) => `${expected.file}:${expected.line}`));
  const rows: Row[] = [];
  for (const [tool, kind] of [['durable-ts lint', REAL_CODE_PASS], ['ESLint (no-restricted-*)', REAL_CODE_ESLINT_PASS]] as const) {
    const passes = Array.from({ length: runs }, () => coldPass<RealCodePass>(kind, CORPUS_ROOT));
    const elapsed = median(passes.map((pass) => pass.elapsed));
    const cpu = median(passes.map((pass) => pass.cpu));
    const { findings, files } = passes[0];
    const onHazardLines = findings.filter((finding) => hazardLines.has(`${finding.file.replace(/^apps\//, '')}:${finding.line}`)).length;
    const score = kind === REAL_CODE_PASS ? scoreOnCorpus(findings) : undefined;
    rows.push({
      tool,
      time: milliseconds(elapsed),
      'CPU time': milliseconds(cpu),
      'files/s (CPU)': String(Math.round(files / (cpu / 1000))),
      findings: String(findings.length),
      'on a hazard line': String(onHazardLines),
      elsewhere: String(findings.length - onHazardLines),
      'precision / recall (rule and line)': score ? `${score.precision.toFixed(2)} / ${score.recall.toFixed(2)}` : 'no rule codes',
    });
  }
  const fileCount = CORPUS_MANIFEST.apps.reduce((sum, app) => sum + app.files.length, 0);
  printTable(`Real code: ${CORPUS_MANIFEST.apps.length} public Durable Functions repositories' apps (${fileCount} files incl. JSON; ${CORPUS_MANIFEST.expectations.length} judged hazards; medians of ${runs} cold runs)`, rows);
}

async function main(): Promise<void> {
  if (process.argv.includes(REAL_CODE_PASS)) {
    process.stdout.write(JSON.stringify(realCodePass()));
    return;
  }
  if (process.argv.includes(REAL_CODE_ESLINT_PASS)) {
    process.stdout.write(JSON.stringify(await realCodeEslintPass()));
    return;
  }
  const pass = process.argv.indexOf(WORKSPACE_PASS) >= 0 ? WORKSPACE_PASS : process.argv.indexOf(ESLINT_PASS) >= 0 ? ESLINT_PASS : undefined;
  if (pass) {
    const root = process.argv[process.argv.indexOf(pass) + 1];
    process.stdout.write(JSON.stringify(pass === WORKSPACE_PASS ? analyzeWorkspace(root) : await eslintPass(root)));
    return;
  }
  const corpus = generateCorpus();
  try {
    if (process.argv.includes('--cli')) {
      printCliTable(await cliRows(cliWorkspaces(corpus)));
      return;
    }
    const typescriptLoad = median(Array.from({ length: 3 }, () => {
      const [elapsed] = time(() => execFileSync(process.execPath, ['-e', "require('typescript')"], { cwd: __dirname }));
      return elapsed;
    }));
    const syntacticEdit = editLatency(corpus, SYNTACTIC);
    const typeAwareEdit = editLatency(corpus, DEFAULT_LINT_SETTINGS);
    const workspaceRuns = Array.from({ length: runs }, () => coldPass(WORKSPACE_PASS, corpus.root));
    const workspaceTime = median(workspaceRuns.map((run) => run.elapsed));
    const workspaceCpu = median(workspaceRuns.map((run) => run.cpu));
    const cli = await cliRows(cliWorkspaces(corpus));

    const load = os.loadavg()[0].toFixed(1);
    printTable(`Durable TS lint (medians; ${corpus.files.length} generated files; load average ${load} on ${os.cpus().length} CPUs)`, [
      { measurement: 'edit to a 1,000-line file, syntactic rules', median: milliseconds(syntacticEdit.wall), 'CPU time': milliseconds(syntacticEdit.cpu), budget: '≤ 30 ms' },
      { measurement: 'edit to a 1,000-line file, with type-aware rules', median: milliseconds(typeAwareEdit.wall), 'CPU time': milliseconds(typeAwareEdit.cpu), budget: '≤ 150 ms' },
      { measurement: `first analysis of the ${corpus.files.length - 1}-file workspace`, median: milliseconds(workspaceTime), 'CPU time': milliseconds(workspaceCpu), budget: '≤ 3 s' },
      { measurement: 'loading TypeScript (once, at server start)', median: milliseconds(typescriptLoad), 'CPU time': '', budget: '' },
    ]);
    printCliTable(cli);

    const eslintRuns = Array.from({ length: runs }, () => coldPass(ESLINT_PASS, corpus.root));
    const rows: Row[] = [];
    for (const [tool, toolRuns] of [['durable-ts lint', workspaceRuns], ['ESLint (no-restricted-*)', eslintRuns]] as const) {
      const findings = toolRuns[0].findings;
      const where = classify(corpus, findings);
      rows.push({
        tool,
        time: milliseconds(median(toolRuns.map((run) => run.elapsed))),
        findings: String(findings.length),
        'seeded mistakes found': `${seededMistakesFound(corpus, findings)} / ${corpus.seededMistakes}`,
        'in correct orchestrator code': String(where.orchestrator),
        'in activities (not mistakes)': String(where.activity),
        'in helpers (flagged for every caller)': String(where.helper),
        'elsewhere (imports)': String(where.other),
      });
    }
    printTable('Side by side with ESLint on the same workspace (medians)', rows);
    printRealCodeTable();
  } finally {
    removeCorpus(corpus);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
