import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fixtureApp, runCli, tempDir } from '../cli/cliProcess';

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
  after(() => temp.remove());

  it('records and prints an orchestrator\'s error with a frame at the throwing .ts line and column', async () => {
    const result = await runCli(['run', appFile, 'OrchestratorThrows', '--input', '{"amount":500}', '--store', temp.store, '--quiet']);
    assert.equal(result.code, 1);
    const failure = JSON.parse(result.stdout) as { errorType: string; message: string; stack: string };
    assert.equal(failure.errorType, 'TypeError');
    assert.equal(failure.message, 'cannot process payment of 500');
    assertPointsAt(failure.stack, sourcePosition('new TypeError'));
  });

  it('records an activity\'s error in history with a frame at the throwing .ts line and column', async () => {
    const run = await runCli(['run', appFile, 'ActivityThrows', '--input', '{"amount":500}', '--instance-id', 'activity-throws', '--store', temp.store, '--quiet']);
    assert.equal(run.code, 1);
    const status = await runCli(['status', 'activity-throws', '--show-history', '--store', temp.store]);
    const history = (JSON.parse(status.stdout) as { historyEvents: { EventType: string; Details?: string }[] }).historyEvents;
    const taskFailed = history.find((event) => event.EventType === 'TaskFailed');
    assert.ok(taskFailed?.Details, 'a TaskFailed event with details');
    const failure = JSON.parse(taskFailed.Details) as { errorType: string; stack: string };
    assert.equal(failure.errorType, 'RangeError');
    assertPointsAt(failure.stack, sourcePosition('new RangeError'));
  });

  it('prints the activity\'s .ts line when an orchestration fails because of it', async () => {
    const result = await runCli(['run', appFile, 'ActivityThrows', '--input', '{"amount":700}', '--store', temp.store, '--quiet']);
    assert.equal(result.code, 1);
    assertPointsAt(result.stdout + result.stderr, sourcePosition('new RangeError'));
  });
});
