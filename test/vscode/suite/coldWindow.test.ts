import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activationEvent, STARTUP_LOG_PATTERNS, startupSteps } from './startupTimeline';
import { canPressKeys, report, timeFreshWindow } from './suiteOutput';

/**
 * The budget for a new window's first diagnostic once the file shows, at low load (issue 11). From the window's
 * opening, the workbench's and its extension host's own start-up come first (several seconds on a 2-core machine).
 */
const BUDGET_MS = 2000;
/** DURABLE_TS_E2E_COLD_BUDGET=1 fails the test over the budget: only meaningful on an otherwise idle machine. */
const ENFORCE_BUDGET = process.env.DURABLE_TS_E2E_COLD_BUDGET === '1';

describe('a new window on a Durable TS project', () => {
  let project: string | undefined;
  after(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  // A user opens a project whose orchestrator reads the clock: the window starts its own extension host, the
  // extension activates and starts its language server, and the Problems panel lists the finding. The times are
  // printed; they are asserted against the budget only when asked (a loaded CI machine doubles them).
  it('lists the orchestrator\'s Date.now() in the Problems panel soon after the window opens', async function () {
    if (!canPressKeys()) this.skip(); // Opening and timing a second window needs the code-server launcher.
    // The launcher gives the window a minute for each step it waits for.
    this.timeout(4 * 60_000);
    project = freshProject();
    const orchestrators = path.join(project, 'src', 'orchestrators.ts');
    const times = await timeFreshWindow(project, orchestrators, 'DUR001', STARTUP_LOG_PATTERNS);

    const row = times.problems.find((text) => text.includes('DUR001'));
    assert.ok(row, `the Problems panel lists no DUR001: ${JSON.stringify(times.problems)}`);
    assert.match(row, /Date\.now\(\) reads the current time/);
    assert.match(row, /currentUtcDateTime/);
    assert.match(row, /durable-ts/);
    assert.match(row, /\[Ln 5, Col 21\]/, 'the row points at the Date.now() call');
    // The first findings (the file analysed alone) and the full analysis's share one row: it is neither withdrawn
    // nor doubled when the full analysis comes, by the time the extension has logged its start-up.
    const dur001Rows = (rows: string[]) => rows.filter((text) => text.includes('DUR001'));
    assert.equal(dur001Rows(times.problems).length, 1, JSON.stringify(times.problems));
    assert.match(times.logLines.join('\n'), /first diagnostics received/, 'the full analysis was published');
    assert.deepEqual(dur001Rows(times.problemsAfterLogs), dur001Rows(times.problems));

    const load = os.loadavg()[0].toFixed(2);
    const sinceFileShown = times.diagnosticMs - times.fileShownMs;
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    // What the wait was spent on, from the window's logs: the extension host's start, the extension's and its
    // server's steps up to the first diagnostics, and the workbench showing the row.
    const steps = [
      { step: 'workbench shown', ms: times.workbenchMs },
      { step: 'file shown', ms: times.fileShownMs },
      ...startupSteps(times.logLines, times.openedAt),
      { step: 'row shown', ms: times.diagnosticMs },
    ].sort((a, b) => a.ms - b.ms);
    report(`cold window: first diagnostic ${seconds(times.diagnosticMs)} s after the window was opened, ` +
      `${seconds(sinceFileShown)} s after the file was shown (budget ${BUDGET_MS / 1000} s; load ${load}; ` +
      `activated by ${activationEvent(times.logLines) ?? 'an event the log does not name'}); s since the window was opened: ` +
      steps.map(({ step, ms }) => `${step} ${seconds(ms)}`).join(', '));
    if (ENFORCE_BUDGET) assert.ok(sinceFileShown <= BUDGET_MS, `the first diagnostic took ${sinceFileShown} ms after the file showed (budget ${BUDGET_MS} ms, load ${load})`);
  });
});

/**
 * A copy of the fixture project in a folder no window has opened (so no state of the workbench's is kept for it),
 * with the runtime installed the way the fixture has it.
 */
function freshProject(): string {
  const fixture = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-fresh-window-'));
  for (const entry of ['package.json', 'tsconfig.json', 'src']) fs.cpSync(path.join(fixture, entry), path.join(project, entry), { recursive: true });
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(fs.realpathSync(path.join(fixture, 'node_modules', 'durable-ts')), path.join(project, 'node_modules', 'durable-ts'), 'junction');
  return project;
}
