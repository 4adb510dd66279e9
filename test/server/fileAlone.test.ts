import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, analyzeFileAlone, DEFAULT_LINT_SETTINGS, WorkspaceProject } from '../../server/src/analyzer/index';
import { FIXTURES, RULES_FIXTURE } from './support/fixtures';

/**
 * A file analysed alone (what the language server shows in a new window before the workspace is loaded) must
 * show nothing that the full analysis then takes back: a diagnostic that appears and vanishes is worse than one
 * that comes a second later.
 */
describe('a file analysed alone', function () {
  this.timeout(120000);

  // The apps fixture is mostly about registrations across files (DUR009), which wait for the full analysis.
  for (const [fixture, leastShare] of [[RULES_FIXTURE, 0.5], [path.join(FIXTURES, 'apps'), 0]] as const) {
    it(`reports only what the full analysis reports (${path.basename(fixture)} fixture)`, () => {
      const project = new WorkspaceProject(fixture);
      let full = 0;
      let alone = 0;
      for (const fileName of project.lintableFiles()) {
        const expected = new Set(analyzeFile(project, fileName, DEFAULT_LINT_SETTINGS).map((finding) => `${finding.code}@${finding.start}-${finding.end}`));
        const found = analyzeFileAlone(fileName, fs.readFileSync(fileName, 'utf8'), project.compilerOptions, DEFAULT_LINT_SETTINGS).findings
          .map((finding) => `${finding.code}@${finding.start}-${finding.end}`);
        assert.deepEqual(found.filter((finding) => !expected.has(finding)), [], `${fileName}: shown alone, then taken back`);
        full += expected.size;
        alone += found.length;
      }
      project.dispose();
      assert.ok(alone >= full * leastShare, `alone ${alone} of ${full} findings`);
    });
  }

  it('follows the settings: nothing when the lint is off, no rule turned off', () => {
    const fileName = path.join(RULES_FIXTURE, 'src', 'currentTime.ts');
    const text = fs.readFileSync(fileName, 'utf8');
    assert.ok(analyzeFileAlone(fileName, text, {}, DEFAULT_LINT_SETTINGS).findings.some((finding) => finding.code === 'DUR001'));
    assert.deepEqual(analyzeFileAlone(fileName, text, {}, { ...DEFAULT_LINT_SETTINGS, enable: false }).findings, []);
    assert.deepEqual(analyzeFileAlone(fileName, text, {}, { ...DEFAULT_LINT_SETTINGS, severity: { DUR001: 'off' } }).findings.filter((finding) => finding.code === 'DUR001'), []);
  });
});
