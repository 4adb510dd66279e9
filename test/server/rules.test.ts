import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, DEFAULT_LINT_SETTINGS, findSourceFiles, RULE_CODES, WorkspaceProject } from '../../server/src/analyzer/index';
import { expectedFindings, RULES_FIXTURE } from './support/fixtures';

/**
 * Every fixture line marked `// expect: DURxxx` must be reported with that rule, and nothing else may be:
 * the unmarked look-alikes next to each flagged case (activities, shadowed names, deterministic APIs) keep
 * the rules precise.
 */
describe('determinism rules on the fixture workspace', function () {
  this.timeout(60000);
  const project = new WorkspaceProject(RULES_FIXTURE);
  const files = findSourceFiles(path.join(RULES_FIXTURE, 'src'));
  after(() => project.dispose());

  const located = (fileName: string, settings = DEFAULT_LINT_SETTINGS) => {
    const sourceFile = project.getSourceFile(fileName)!;
    return analyzeFile(project, fileName, settings).map((finding) => ({
      key: `${sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1}:${finding.code}`,
      finding,
    }));
  };

  for (const fileName of files) {
    const relative = path.relative(RULES_FIXTURE, fileName);
    it(`${relative}: reports exactly the marked lines`, () => {
      const actual = located(fileName).map(({ key, finding }) => `${key} ${finding.message}`);
      const expected = expectedFindings(fs.readFileSync(fileName, 'utf8'));
      assert.deepEqual(actual.map((line) => line.split(' ')[0]).sort(), expected, `findings:\n${actual.join('\n')}`);
    });
  }

  it('has a flagged case for every rule and for every file kind', () => {
    const marked = files.flatMap((fileName) => expectedFindings(fs.readFileSync(fileName, 'utf8')).map((key) => key.split(':')[1]));
    assert.deepEqual([...new Set(marked)].sort(), [...RULE_CODES]);
    const extensions = new Set(files.filter((fileName) => expectedFindings(fs.readFileSync(fileName, 'utf8')).length > 0).map((fileName) => path.extname(fileName)));
    for (const extension of ['.ts', '.tsx', '.js', '.mjs', '.cjs']) assert.ok(extensions.has(extension), `no flagged ${extension} fixture`);
  });

  it('without type-aware rules, skips DUR007 and DUR010 and still reports the rest', () => {
    const syntactic = { ...DEFAULT_LINT_SETTINGS, typeAware: false };
    const codes = files.flatMap((fileName) => located(fileName, syntactic).map(({ finding }) => finding.code));
    assert.ok(!codes.includes('DUR007') && !codes.includes('DUR010'));
    for (const code of RULE_CODES.filter((code) => code !== 'DUR007' && code !== 'DUR010')) assert.ok(codes.includes(code), `${code} missing`);
  });

  it('reports the rule severities of the catalog by default', () => {
    const findings = files.flatMap((fileName) => located(fileName).map(({ finding }) => finding));
    const severityOf = (code: string) => new Set(findings.filter((finding) => finding.code === code).map((finding) => finding.severity));
    assert.deepEqual(severityOf('DUR001'), new Set(['error']));
    assert.deepEqual(severityOf('DUR011'), new Set(['warning']));
  });
});
