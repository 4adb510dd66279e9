import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LINT_SETTINGS } from '../../server/src/analyzer/index';
import { runLint } from '../../server/src/lint/lintRun';
import { REPO_ROOT } from './support/paths';

interface Manifest {
  apps: { name: string; repository: string; commit: string; path: string; licence: string; files: string[] }[];
  expectations: { file: string; line: number; code: string }[];
}

const MANIFEST: Manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'server', 'corpus', 'manifest.json'), 'utf8'));
const CORPUS = process.env.DURABLE_TS_LINT_CORPUS ?? path.join(os.homedir(), '.cache', 'durable-ts', 'lint-corpus');

/** The corpus's files as the manifest lists them, or why they cannot be used. */
function corpusProblem(): string | undefined {
  const missing = MANIFEST.apps.flatMap((app) => app.files.map((file) => path.join(CORPUS, 'apps', app.name, file))).filter((file) => !fs.existsSync(file));
  if (missing.length === MANIFEST.apps.reduce((sum, app) => sum + app.files.length, 0)) return `no corpus at ${CORPUS}`;
  return missing.length > 0 ? `${missing.length} corpus files are missing, e.g. ${missing[0]}` : undefined;
}

/**
 * Precision and recall of the lint on real public Durable Functions apps (v3 function.json and v4 apps, several
 * apps in one workspace), against hand-judged expectations: every real replay hazard by file, line and rule.
 */
describe('the lint on real Durable Functions apps', function () {
  this.timeout(300000);

  it('finds the real hazards (recall ≥ 0.85) and little else (precision ≥ 0.95)', function () {
    const problem = corpusProblem();
    if (problem) {
      // The apps are not redistributed with this repository; see manifest.json for their origins.
      console.log(`      skipped: ${problem}`);
      this.skip();
    }
    const run = runLint(['apps'], DEFAULT_LINT_SETTINGS, CORPUS);
    const key = (finding: { file: string; line: number; code: string }) => `${finding.file}:${finding.line}:${finding.code}`;
    const found = new Set(run.results.map((result) => key({ ...result, file: result.file.replace(/^apps\//, '') })));
    const expected = new Set(MANIFEST.expectations.map(key));
    const truePositives = [...found].filter((finding) => expected.has(finding));
    const precision = truePositives.length / Math.max(found.size, 1);
    const recall = truePositives.length / Math.max(expected.size, 1);
    console.log(`      ${run.filesLinted} files of ${MANIFEST.apps.length} apps: ${found.size} findings, ${expected.size} expected, ` +
      `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    const wrong = [...found].filter((finding) => !expected.has(finding));
    const missed = [...expected].filter((finding) => !found.has(finding));
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}; not hazards:\n${wrong.join('\n')}`);
    assert.ok(recall >= 0.85, `recall ${recall.toFixed(3)}; missed:\n${missed.join('\n')}`);
  });

  it('records an origin and a redistributable licence for every app', () => {
    for (const app of MANIFEST.apps) {
      assert.match(app.repository, /^[\w.-]+\/[\w.-]+$/, app.name);
      assert.match(app.commit, /^[0-9a-f]{40}$/, app.name);
      assert.ok(['MIT', 'Apache-2.0'].includes(app.licence), `${app.name}: ${app.licence}`);
      assert.ok(app.files.length > 0, app.name);
    }
    const files = new Set(MANIFEST.apps.flatMap((app) => app.files.map((file) => `${app.name}/${file}`)));
    for (const expectation of MANIFEST.expectations) assert.ok(files.has(expectation.file), `${expectation.file} is not in the corpus`);
  });
});
