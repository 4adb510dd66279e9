import assert from 'node:assert/strict';
import path from 'node:path';
import {
  analyzeFile, DEFAULT_LINT_SETTINGS, ignoreFileEdit, ignoreNextLineEdit, WorkspaceProject, type RuleCode,
} from '../../server/src/analyzer/index';
import { applyEdits } from './support/edits';
import { RULES_FIXTURE } from './support/fixtures';

/**
 * Each quick fix is applied to an unsaved document (the editor's view of a file) and the document analysed
 * again: the fix must produce the advertised code, and that code must no longer be reported.
 */
describe('quick fixes', function () {
  this.timeout(60000);
  const project = new WorkspaceProject(RULES_FIXTURE);
  const fileName = path.join(RULES_FIXTURE, 'src', 'unsaved', 'quickFix.ts');
  const jsFileName = path.join(RULES_FIXTURE, 'src', 'unsaved', 'quickFix.js');
  let version = 0;
  after(() => project.dispose());

  const analyze = (name: string, text: string) => {
    project.setOpenDocument(name, text, ++version);
    return analyzeFile(project, name, DEFAULT_LINT_SETTINGS);
  };

  /** Applies the one fix offered for `code` and returns the new text, checking the finding is gone after it. */
  const fixOnce = (code: RuleCode, body: string, name = fileName): string => {
    const before = analyze(name, body).filter((finding) => finding.code === code);
    assert.equal(before.length, 1, `expected one ${code} in:\n${body}`);
    assert.equal(before[0].fixes.length, 1, `expected a quick fix for ${code}`);
    const fixed = applyEdits(body, before[0].fixes[0].edits);
    const after = analyze(name, fixed).filter((finding) => finding.code === code);
    assert.deepEqual(after, [], `${code} still reported after the fix:\n${fixed}`);
    return fixed;
  };

  const orchestration = (statements: string, imports = '') =>
    `import { app } from 'durable-ts';\n${imports}\napp.orchestration('Fix', async (ctx) => {\n${statements}\n});\n`;

  it('DUR001: Date.now() becomes the replay-safe clock', () => {
    const fixed = fixOnce('DUR001', orchestration('  return Date.now() + 1;'));
    assert.match(fixed, /return ctx\.currentUtcDateTime\.getTime\(\) \+ 1;/);
  });

  it('DUR001: new Date() becomes a copy of the replay-safe clock', () => {
    const fixed = fixOnce('DUR001', orchestration('  const started = new Date();\n  return started;'));
    assert.match(fixed, /const started = new Date\(ctx\.currentUtcDateTime\);/);
  });

  it('DUR002: a random UUID becomes ctx.newGuid()', () => {
    assert.match(fixOnce('DUR002', orchestration('  return crypto.randomUUID();')), /return ctx\.newGuid\(\);/);
    assert.match(fixOnce('DUR002', orchestration('  return v4();', "import { v4 } from 'uuid';")), /return ctx\.newGuid\(\);/);
  });

  it('DUR002: Math.random() has no mechanical replacement and offers none', () => {
    const [finding] = analyze(fileName, orchestration('  return Math.random();')).filter((f) => f.code === 'DUR002');
    assert.deepEqual(finding.fixes, []);
  });

  it('DUR003: awaited sleeps become durable timers', () => {
    const promiseSleep = fixOnce('DUR003', orchestration('  await new Promise((resolve) => setTimeout(resolve, 1500));'));
    assert.match(promiseSleep, /await ctx\.createTimer\(1500\);/);
    const timersPromises = fixOnce('DUR003', orchestration('  await sleep(2000);', "import { setTimeout as sleep } from 'node:timers/promises';"));
    assert.match(timersPromises, /await ctx\.createTimer\(2000\);/);
  });

  it('DUR011: console calls become ctx.log at the matching level', () => {
    // Logging repeats only when a wait follows it.
    const beforeAWait = (statement: string) => orchestration(`${statement}\n  await ctx.createTimer(1);`);
    assert.match(fixOnce('DUR011', beforeAWait("  console.log('started', 1);")), /ctx\.log\.info\('started', 1\);/);
    assert.match(fixOnce('DUR011', beforeAWait("  console.error('failed');")), /ctx\.log\.error\('failed'\);/);
  });

  it('DUR009: a misspelled activity name becomes the registered one', () => {
    const fixed = fixOnce('DUR009', orchestration("  return ctx.callActivity('sayhello', 'x');"));
    assert.match(fixed, /ctx\.callActivity\('SayHello', 'x'\)/);
  });

  it('durable-functions orchestrators get fixes in their own terms', () => {
    const generator = (statements: string) =>
      `const df = require('durable-functions');\ndf.app.orchestration('DfFix', function* (context) {\n${statements}\n  yield context.df.callActivity('DfActivity', 1);\n});\n`;
    assert.match(fixOnce('DUR001', generator('  const now = new Date();'), jsFileName), /new Date\(context\.df\.currentUtcDateTime\)/);
    assert.match(fixOnce('DUR002', generator('  const id = crypto.randomUUID();'), jsFileName), /context\.df\.newGuid\(context\.df\.instanceId\)/);
    assert.match(fixOnce('DUR011', generator("  console.log('hi');"), jsFileName), /if \(!context\.df\.isReplaying\) console\.log\('hi'\);/);
    assert.match(fixOnce('DUR011', generator("  context.log.warn('hi');"), jsFileName), /if \(!context\.df\.isReplaying\) context\.log\.warn\('hi'\);/);
  });

  it('suppression edits silence the finding on its line, or in the whole file', () => {
    const text = orchestration('  const a = Date.now();\n  const b = Date.now();');
    const [first] = analyze(fileName, text);
    const sourceFile = project.getSourceFile(fileName)!;
    const silencedLine = applyEdits(text, [ignoreNextLineEdit(sourceFile, first)]);
    assert.match(silencedLine, / {2}\/\/ durable-ignore-next-line DUR001\n {2}const a = Date\.now\(\);/);
    assert.equal(analyze(fileName, silencedLine).length, 1);
    const silencedFile = applyEdits(text, [ignoreFileEdit(project.getSourceFile(fileName)!, first)]);
    assert.ok(silencedFile.startsWith('// durable-ignore-file DUR001\n'));
    assert.equal(analyze(fileName, silencedFile).length, 0);
  });
});
