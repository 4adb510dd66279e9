import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A generated Durable TS workspace for the lint benchmarks: activities that legitimately read the clock, draw
 * random numbers, log and do I/O; orchestrators, mostly correct, with known mistakes seeded in some; helpers
 * called from either; and one orchestration file of 1,000 lines. Every line is tagged with where it sits, so
 * findings can be classified as right or wrong.
 */

export type LineTag = 'orchestrator' | 'orchestrator-mistake' | 'activity' | 'helper' | 'other';

export interface Corpus {
  root: string;
  files: string[];
  bigFile: string;
  /** file → 1-based line → tag */
  tags: Map<string, LineTag[]>;
  seededMistakes: number;
}

const REPO_ROOT = path.resolve(__dirname, '..');
const DURABLE_TS_TYPES = path.join(REPO_ROOT, 'test', 'server', 'fixtures', 'stubs', 'durable-ts.d.ts');

class FileBuilder {
  readonly lines: string[] = [];
  readonly tags: LineTag[] = [];
  add(tag: LineTag, ...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.tags.push(tag);
    }
  }
}

/** Mistakes seeded into orchestrators, one statement each, as people write them. */
const MISTAKES = [
  (i: number) => `  const startedAt${i} = Date.now();`,
  (i: number) => `  const pick${i} = Math.floor(Math.random() * 3);`,
  (i: number) => `  console.log('step', ${i}, input);`,
  (i: number) => `  const today${i} = new Date();`,
  (i: number) => `  await new Promise((resolve) => setTimeout(resolve, ${i} * 100));`,
  (i: number) => `  const region${i} = process.env.REGION ?? 'west';`,
  (i: number) => `  const page${i} = await fetch('https://example.test/${i}');`,
];

function activityFile(index: number): FileBuilder {
  const file = new FileBuilder();
  file.add('other', `import { app } from 'durable-ts';`, `import { readFileSync } from 'node:fs';`, '');
  for (let k = 0; k < 3; k++) {
    const name = `Activity${index}_${k}`;
    file.add('activity',
      `export const activity${index}_${k} = app.activity('${name}', async (input: string) => {`,
      `  const startedAt = Date.now();`,
      `  const attempt = Math.random();`,
      `  console.log('${name}', input, new Date().toISOString());`,
      `  const config = process.env.CONFIG_PATH ? readFileSync(process.env.CONFIG_PATH, 'utf8') : '';`,
      `  const response = await fetch('https://example.test/${name}?q=' + encodeURIComponent(input));`,
      `  return \`\${input}:\${response.status}:\${config.length}:\${attempt}:\${Date.now() - startedAt}\`;`,
      `});`,
      '');
  }
  return file;
}

function helperFile(index: number): FileBuilder {
  const file = new FileBuilder();
  file.add('helper',
    `export function formatLine${index}(values: string[]): string {`,
    `  return values.map((value) => value.trim()).filter(Boolean).join(', ');`,
    `}`,
    '',
    `export function total${index}(amounts: number[]): number {`,
    `  return amounts.reduce((sum, amount) => sum + amount, 0);`,
    `}`,
    '',
    // Nondeterministic on purpose: fine for activities, a mistake when an orchestrator calls it.
    `export function newRequestId${index}(): string {`,
    `  return \`req-\${Date.now()}-\${Math.random().toString(36).slice(2)}\`;`,
    `}`);
  return file;
}

function orchestrator(file: FileBuilder, name: string, activityIndex: number, helperIndex: number, mistake: number | undefined, seed: number): number {
  let seeded = 0;
  file.add('orchestrator',
    `app.orchestration('${name}', async (ctx, input: string) => {`,
    `  const results: string[] = [];`);
  // Seeded before the orchestrator's waits: a mistake after the last wait would run only once.
  if (mistake !== undefined) {
    file.add('orchestrator-mistake', MISTAKES[mistake % MISTAKES.length](seed));
    seeded++;
    if (mistake % 3 === 0) {
      file.add('orchestrator-mistake', `  const requestId${seed} = newRequestId${helperIndex}();`);
      seeded++;
    }
  }
  file.add('orchestrator',
    `  for (const part of input.split(',')) {`,
    `    results.push(await ctx.callActivity(activity${activityIndex}_0, part));`,
    `  }`,
    `  const [left, right] = await Promise.all([`,
    `    ctx.callActivity(activity${activityIndex}_1, 'left'),`,
    `    ctx.callActivity('Activity${activityIndex}_2', 'right'),`,
    `  ]);`,
    `  const deadline = new Date(ctx.currentUtcDateTime.getTime() + 60_000);`,
    `  const timeout = ctx.createTimer(deadline);`,
    `  const approval = ctx.waitForEvent<boolean>('Approval${seed}');`,
    `  const winner = await ctx.any([approval, timeout]);`,
    `  if (winner === timeout) return 'expired';`,
    `  timeout.cancel();`,
    `  ctx.log.info('approved', ctx.instanceId);`);
  file.add('orchestrator',
    `  const summary = formatLine${helperIndex}([...results, left, right]);`,
    `  const amount = total${helperIndex}(results.map((result) => result.length));`,
    `  return \`\${summary} (\${amount}) \${ctx.newGuid()}\`;`,
    `});`,
    '');
  return seeded;
}

/** An orchestration file of `orchestrators` orchestrators, or as many as fit in `maxLines` lines. */
function orchestrationFile(
  index: number, orchestrators: number, activityFiles: number, helperFiles: number, mistakeEvery: number, maxLines = Infinity,
): { file: FileBuilder; seeded: number } {
  const file = new FileBuilder();
  const activityIndex = index % activityFiles;
  const helperIndex = index % helperFiles;
  file.add('other',
    `import { app } from 'durable-ts';`,
    `import { activity${activityIndex}_0, activity${activityIndex}_1 } from '../activities/activities${activityIndex}';`,
    `import { formatLine${helperIndex}, newRequestId${helperIndex}, total${helperIndex} } from '../helpers/helpers${helperIndex}';`,
    '');
  let seeded = 0;
  const longestOrchestrator = 24;
  for (let k = 0; k < orchestrators && file.lines.length + longestOrchestrator <= maxLines; k++) {
    const seed = index * 1000 + k;
    const mistake = (index + k) % mistakeEvery === 0 ? index + k : undefined;
    seeded += orchestrator(file, `Orchestration${index}_${k}`, activityIndex, helperIndex, mistake, seed);
  }
  return { file, seeded };
}

export const BIG_FILE_LINES = 1000;

export interface CorpusShape {
  activityFiles: number;
  helperFiles: number;
  orchestrationFiles: number;
}

/** 60 + 40 + 100 = 200 files by default, plus the 1,000-line file. */
export function generateCorpus(shape: CorpusShape = { activityFiles: 60, helperFiles: 40, orchestrationFiles: 100 }): Corpus {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lint-bench-'));
  const write = (relative: string, text: string) => {
    const fileName = path.join(root, relative);
    fs.mkdirSync(path.dirname(fileName), { recursive: true });
    fs.writeFileSync(fileName, text);
    return fileName;
  };
  write('node_modules/durable-ts/package.json', JSON.stringify({ name: 'durable-ts', version: '0.0.0', types: 'index.d.ts' }));
  write('node_modules/durable-ts/index.d.ts', fs.readFileSync(DURABLE_TS_TYPES, 'utf8'));
  fs.mkdirSync(path.join(root, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', '@types', 'node'), path.join(root, 'node_modules', '@types', 'node'), 'dir');
  write('tsconfig.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, skipLibCheck: true, types: ['node'] },
    include: ['src'],
  }, null, 2));

  const corpus: Corpus = { root, files: [], bigFile: '', tags: new Map(), seededMistakes: 0 };
  const emit = (relative: string, file: FileBuilder) => {
    const fileName = write(relative, `${file.lines.join('\n')}\n`);
    corpus.files.push(fileName);
    corpus.tags.set(fileName, file.tags);
    return fileName;
  };
  for (let i = 0; i < shape.activityFiles; i++) emit(`src/activities/activities${i}.ts`, activityFile(i));
  for (let i = 0; i < shape.helperFiles; i++) emit(`src/helpers/helpers${i}.ts`, helperFile(i));
  for (let i = 0; i < shape.orchestrationFiles; i++) {
    const { file, seeded } = orchestrationFile(i, 3, shape.activityFiles, shape.helperFiles, 4);
    corpus.seededMistakes += seeded;
    emit(`src/orchestrations/orchestrations${i}.ts`, file);
  }
  const big = orchestrationFile(shape.orchestrationFiles, Infinity, shape.activityFiles, shape.helperFiles, 6, BIG_FILE_LINES);
  while (big.file.lines.length < BIG_FILE_LINES) big.file.add('other', '');
  corpus.seededMistakes += big.seeded;
  corpus.bigFile = emit('src/orchestrations/big.ts', big.file);
  return corpus;
}

export function removeCorpus(corpus: Corpus): void {
  fs.rmSync(corpus.root, { recursive: true, force: true });
}
