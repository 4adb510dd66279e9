import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeFile, DEFAULT_LINT_SETTINGS, WorkspaceProject, type Finding } from '../../server/src/analyzer/index';
import { RULES_FIXTURE } from './support/fixtures';

/** What a user reads: chains named at the call site, suggestions, types. */
describe('finding messages', function () {
  this.timeout(60000);
  const project = new WorkspaceProject(RULES_FIXTURE);
  after(() => project.dispose());

  const findingsIn = (relative: string): { text: string; finding: Finding }[] => {
    const fileName = path.join(RULES_FIXTURE, relative);
    const sourceFile = project.getSourceFile(fileName)!;
    return analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).map((finding) => ({
      text: sourceFile.text.slice(finding.start, finding.end),
      finding,
    }));
  };
  const messageAt = (relative: string, text: string, code: string): string => {
    const match = findingsIn(relative).find((entry) => entry.text === text && entry.finding.code === code);
    assert.ok(match, `no ${code} on "${text}" in ${relative}`);
    return match.finding.message;
  };

  it('names the call chain from the orchestrator to the nondeterministic call', () => {
    assert.match(messageAt('src/chains.ts', 'helper', 'DUR002'), /^helper\(\) → makeId\(\) → Math\.random\(\): /);
    assert.match(messageAt('src/chains.ts', 'stamp', 'DUR001'), /^stamp\(\) → new Date\(\): /);
    assert.match(messageAt('src/chains.ts', 'sleep', 'DUR003'), /^sleep\(\) → setTimeout\(\): /);
    assert.match(messageAt('src/chains.ts', 'new PriceList().total', 'DUR005'), /^PriceList\.total\(\) → PriceList\.rate\(\) → process\.env\.RATE: /);
    assert.match(messageAt('src/chains.ts', 'countdown', 'DUR001'), /^countdown\(\) → Date\.now\(\): /);
    assert.match(messageAt('src/chains.ts', 'countCall', 'DUR012'), /module-level `calls`/);
  });

  it('names the function a chain really reaches through the key it is exported under', () => {
    assert.equal(messageAt('src/durableFunctions/exportKeys.js', 'mappings.party.bank', 'DUR001'),
      'bankMap() → new Date(): new Date() reads the current time, which differs on every replay; use context.df.currentUtcDateTime.');
  });

  it('names a logging chain through helpers handed the context once', () => {
    assert.equal(messageAt('src/durableFunctions/contextLogging.js', 'deep', 'DUR011'),
      'deep() → audit() → ctx.log.verbose(): ctx.log.verbose() runs again on every replay, so it is logged many times; log only when not replaying: if (!context.df.isReplaying) { ... }.');
  });

  it('suggests the registered name closest to a misspelled one', () => {
    assert.equal(messageAt('src/names.ts', "'SayHelo'", 'DUR009'), "No activity named 'SayHelo' is registered in this app. Did you mean 'SayHello'?");
    assert.equal(messageAt('src/names.ts', "'CompletelyUnknown'", 'DUR009'), "No activity named 'CompletelyUnknown' is registered in this app.");
    assert.match(messageAt('src/names.ts', "'Child'", 'DUR009'), /'Child' is registered as an orchestration, not an activity; call it with callSubOrchestration/);
    assert.match(messageAt('src/names.ts', 'child', 'DUR009'), /child is the handle of an orchestration \('Child'\), not of an activity/);
  });

  it('names the expected and the passed input types', () => {
    assert.equal(messageAt('src/inputs.ts', '42', 'DUR010'), "Activity 'SayHello' expects input of type string, but this passes number.");
    assert.match(messageAt('src/inputs.ts', "{ amount: '10', currency: 'EUR' }", 'DUR010'), /expects input of type \{ amount: number; currency: string; \}/);
    assert.equal(messageAt('src/inputs.ts', "ctx.callActivity('SayHello')", 'DUR010'), "Activity 'SayHello' expects input of type string, but none is passed.");
    assert.equal(messageAt('src/inputs.ts', "'three'", 'DUR010'), "Orchestration 'Child' expects input of type number, but this passes string.");
  });

  it('phrases advice for the orchestrator\'s own context and programming model', () => {
    assert.match(messageAt('src/durableFunctions/v4App.js', 'new Date()', 'DUR001'), /use context\.df\.currentUtcDateTime/);
    assert.match(messageAt('src/currentTime.ts', 'Date.now()', 'DUR001'), /use ctx\.currentUtcDateTime/);
  });
});
