import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LINT_SETTINGS } from '../analyzer/settings';
import { formatJson } from './formatters/json';
import { formatText } from './formatters/text';
import { runLint } from './lintRun';

/**
 * A small workspace of each kind of app the lint meets: a durable-ts app found through its tsconfig's `include`,
 * importing the runtime through node_modules; a v4 Durable Functions app; a v3 function.json app in JavaScript.
 */
const WORKSPACE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, skipLibCheck: true, types: ['node'] }, include: ['src', 'classic'] }),
  'src/names.ts': "export const GREET = 'Greet';\nexport const NAMES = { farewell: 'Farewell' } as const;\n",
  'src/stamp.ts': 'export function stamp(label: string): string {\n  return `${label} at ${new Date().toISOString()}`;\n}\n',
  'src/app.ts': `import { app } from 'durable-ts';
import { GREET, NAMES } from './names';
import { stamp } from './stamp';

const counts = new Map<string, number>();
const region = process.env.REGION ?? 'local';
app.activity(GREET, async (name: string) => \`Hello \${name} at \${Date.now()}\`);
app.activity(NAMES.farewell, async (name: string) => \`Bye \${name}\`);

app.orchestration('Greetings', async (ctx, names: string[]) => {
  const started = Date.now() + Math.random();
  console.log('starting', region, started, stamp('now'));
  counts.set(ctx.instanceId, names.length);
  const greetings = await Promise.all(names.map((name) => ctx.callActivity(GREET, name)));
  await ctx.callActivity('Gret', names[0]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  for (let i = 0; i < 3; i++) {
    try {
      await ctx.callActivity(NAMES.farewell, names[i]);
    } catch (error) {
      if (!ctx.isReplaying) console.error(error);
    }
  }
  while (true) { await ctx.createTimer(1000); if (greetings.length > 0) break; }
  return { greetings, id: crypto.randomUUID() };
});
`,
  'src/functions.ts': `import * as df from 'durable-functions';
import { app as functions } from '@azure/functions';

const helloActivityName = 'Hello';
df.app.activity(helloActivityName, { handler: (input: string) => \`Hello \${input}\` });
df.app.orchestration('helloSequence', function* (context) {
  context.log('started', new Date());
  if (!context.df.isReplaying) context.warn('first run');
  const outputs: unknown[] = [];
  outputs.push(yield context.df.callActivity(helloActivityName, 'Tokyo'));
  outputs.push(yield context.df.callSubOrchestrator('Missing', Math.random()));
  return outputs;
});
functions.http('start', { handler: async (request, context) => ({ body: df.getClient(context).startNew('helloSequence') }) });
`,
  'classic/host.json': '{ "version": "2.0" }',
  'classic/Orchestrator/function.json': JSON.stringify({ bindings: [{ name: 'context', type: 'orchestrationTrigger', direction: 'in' }] }),
  'classic/Orchestrator/index.js': `const df = require('durable-functions');
const { THRESHOLD = '3' } = process.env;

module.exports = df.orchestrator(function* (context) {
  context.log.info('orchestrating', Date.now());
  const outputs = [];
  outputs.push(yield context.df.callActivity('SayHello', Number(THRESHOLD)));
  outputs.push(yield context.df.callActivity('SayHelo', 'Seattle'));
  return outputs;
});
`,
  'classic/SayHello/function.json': JSON.stringify({ bindings: [{ name: 'name', type: 'activityTrigger', direction: 'in' }] }),
  'classic/SayHello/index.js': 'module.exports = async function (context) {\n  return `Hello ${context.bindings.name} at ${new Date()}`;\n};\n',
};

/**
 * Lints, as `durable-ts lint` does (files found, each app's registrations, findings placed and printed), a workspace
 * in `folder` that imports the runtime whose typings are `typings` (its package is linked into node_modules): a
 * startup snapshot taken after this holds the code of every step compiled, where a fresh lint compiles each as it
 * first runs.
 */
export function lintSampleWorkspace(folder: string, typings: string): void {
  for (const [file, text] of Object.entries(WORKSPACE)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  fs.mkdirSync(path.join(folder, 'node_modules'));
  fs.symlinkSync(path.resolve(path.dirname(typings), '..'), path.join(folder, 'node_modules', 'durable-ts'), 'junction');
  const run = runLint([], DEFAULT_LINT_SETTINGS, folder);
  formatText(run.results, run.filesLinted);
  formatJson(run.results);
}
