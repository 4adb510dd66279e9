import assert from 'node:assert/strict';
import path from 'node:path';
import {
  analyzeFile, DEFAULT_LINT_SETTINGS, InvalidSettingsError, parseLintSettings, WorkspaceProject,
} from '../../server/src/analyzer/index';
import { RULES_FIXTURE } from './support/fixtures';

describe('lint settings', function () {
  this.timeout(60000);
  const project = new WorkspaceProject(RULES_FIXTURE);
  const loggingFixture = path.join(RULES_FIXTURE, 'src', 'logging.ts');
  after(() => project.dispose());

  it('changes a rule\'s severity, or turns it off', () => {
    const asErrors = analyzeFile(project, loggingFixture, parseLintSettings({ severity: { DUR011: 'error' } }));
    assert.deepEqual(new Set(asErrors.map((finding) => finding.severity)), new Set(['error']));
    assert.equal(asErrors.length, 3);
    assert.deepEqual(analyzeFile(project, loggingFixture, parseLintSettings({ severity: { DUR011: 'off' } })), []);
  });

  it('reports nothing when the lint is disabled', () => {
    assert.deepEqual(analyzeFile(project, loggingFixture, parseLintSettings({ enable: false })), []);
  });

  it('fills in defaults and rejects malformed settings with a message naming the problem', () => {
    assert.deepEqual(parseLintSettings(undefined), DEFAULT_LINT_SETTINGS);
    assert.deepEqual(parseLintSettings({ severity: { dur003: 'warning' } }).severity, { DUR003: 'warning' });
    assert.throws(() => parseLintSettings({ severity: { DUR099: 'error' } }), (error: Error) =>
      error instanceof InvalidSettingsError && /Unknown rule "DUR099"/.test(error.message));
    assert.throws(() => parseLintSettings({ severity: { DUR001: 'fatal' } }), /Invalid severity "fatal" for DUR001/);
    assert.throws(() => parseLintSettings({ enable: 'yes' }), /durableTs\.lint\.enable must be true or false/);
  });
});
