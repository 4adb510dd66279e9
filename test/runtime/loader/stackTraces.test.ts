import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fixtureApp, runCli, tempDir, type CliResult } from '../cli/cliProcess';

const appFile = fixtureApp('errors/throws.ts');

/** `file:line:column` of `needle` in the fixture's source, 1-based as stack traces print it. */
function sourcePosition(needle: string): string {
  const lines = fs.readFileSync(appFile, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  assert.ok(line >= 0, `the fixture contains ${needle}`);
  return `${line + 1}:${lines[line].indexOf(needle) + 1}`;
}

/** Stack frames name the file by path (CommonJS) or by file URL (ESM); either must carry the exact position. */
function assertPointsAt(stack: string, position: string): void {
  const locations = [`${appFile}:${position}`, `${pathToFileURL(appFile).href}:${position}`];
  assert.ok(
    locations.some((location) => stack.includes(location)),
    `expected a frame at throws.ts:${position} (past the type annotations on that line), got:\n${stack}`,
  );
}

describe('loader: stack traces point at the user\'s .ts lines and columns', () => {
  const temp = tempDir('stacks');
  let orchestratorRun: CliResult;
  let activityRun: CliResult;
  // Two independent runs, each on its own store so that they can run at once.
  before(async () => {
    [orchestratorRun, activityRun] = await Promise.all([
      runCli(['run', appFile, 'OrchestratorThrows', '--input', '{"amount":500}', '--store', `${temp.dir}/orchestrator.db`, '--quiet']),
      runCli(['run', appFile, 'ActivityThrows', '--input', '{"amount":500}', '--instance-id', 'activity-throws', '--store', `${temp.dir}/activity.db`, '--quiet']),
    ]);
  });
  after(() => temp.remove());

  it('records and prints an orchestrator\'s error with a frame at the throwing .ts line and column', () => {
    assert.equal(orchestratorRun.code, 1);
    const failure = JSON.parse(orchestratorRun.stdout) as { errorType: string; message: string; stack: string };
    assert.equal(failure.errorType, 'TypeError');
    assert.equal(failure.message, 'cannot process payment of 500');
    assertPointsAt(failure.stack, sourcePosition('new TypeError'));
  });

  it('prints the activity\'s .ts line and column when an orchestration fails because of it', () => {
    assert.equal(activityRun.code, 1);
    assertPointsAt(activityRun.stdout, sourcePosition('new RangeError'));
  });

  it('records an activity\'s error in history with a frame at the throwing .ts line and column', async () => {
    const status = await runCli(['status', 'activity-throws', '--show-history', '--store', `${temp.dir}/activity.db`]);
    const history = (JSON.parse(status.stdout) as { historyEvents: { EventType: string; Details?: string }[] }).historyEvents;
    const taskFailed = history.find((event) => event.EventType === 'TaskFailed');
    assert.ok(taskFailed?.Details, 'a TaskFailed event with details');
    const failure = JSON.parse(taskFailed.Details) as { errorType: string; stack: string };
    assert.equal(failure.errorType, 'RangeError');
    assertPointsAt(failure.stack, sourcePosition('new RangeError'));
  });
});
