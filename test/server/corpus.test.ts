import assert from 'node:assert/strict';
import { DEFAULT_LINT_SETTINGS } from '../../server/src/analyzer/index';
import { runLint } from '../../server/src/lint/lintRun';
import { CORPUS_MANIFEST, CORPUS_ROOT, corpusProblem, scoreOnCorpus } from './support/corpus';

/**
 * Precision and recall of the lint on real public Durable Functions apps (v3 function.json and v4 apps, several
 * apps in one workspace), against hand-judged expectations: every real replay hazard by file, line and rule.
 */
describe('the lint on real Durable Functions apps', function () {
  this.timeout(300000);

  it('finds the real hazards (recall ≥ 0.85) and little else (precision ≥ 0.95)', function () {
    const problem = corpusProblem();
    if (problem) {
      // The apps are not redistributed with this repository; manifest.json names their origins.
      console.log(`      skipped: ${problem}`);
      this.skip();
    }
    const run = runLint(['apps'], DEFAULT_LINT_SETTINGS, CORPUS_ROOT);
    const score = scoreOnCorpus(run.results);
    console.log(`      ${run.filesLinted} files of ${CORPUS_MANIFEST.apps.length} repositories' apps: ${score.findings} findings, ` +
      `${CORPUS_MANIFEST.expectations.length} expected, precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`);
    assert.ok(score.precision >= 0.95, `precision ${score.precision.toFixed(3)}; not hazards:\n${score.wrong.join('\n')}`);
    assert.ok(score.recall >= 0.85, `recall ${score.recall.toFixed(3)}; missed:\n${score.missed.join('\n')}`);
  });

  it('records an origin and a redistributable licence for every app', () => {
    for (const app of CORPUS_MANIFEST.apps) {
      assert.match(app.repository, /^[\w.-]+\/[\w.-]+$/, app.name);
      assert.match(app.commit, /^[0-9a-f]{40}$/, app.name);
      assert.ok(['MIT', 'Apache-2.0'].includes(app.licence), `${app.name}: ${app.licence}`);
      assert.ok(app.files.length > 0, app.name);
    }
    const files = new Set(CORPUS_MANIFEST.apps.flatMap((app) => app.files.map((file) => `${app.name}/${file}`)));
    for (const expectation of CORPUS_MANIFEST.expectations) assert.ok(files.has(expectation.file), `${expectation.file} is not in the corpus`);
  });
});
