import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';

/**
 * Where the extension host's console is mixed with other output (code-server's workbench log, as the launcher
 * sees it), the launcher names a prefix in this variable and keeps only the lines that carry it.
 */
const PREFIX_VARIABLE = 'DURABLE_TS_E2E_OUTPUT_PREFIX';

/** Sends Mocha's report through the launcher's prefix, when it asks for one, one console message per report line. */
export function routeReportToLauncher(): void {
  const prefix = process.env[PREFIX_VARIABLE];
  if (!prefix) return;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    console.log(`${prefix}${util.format(...args)}`);
  };
}

export function report(line: string): void {
  Mocha.reporters.Base.consoleLog(line);
}

/**
 * With DURABLE_TS_E2E_SCREENSHOTS naming a folder (code-server runs only), asks the launcher for a picture of the
 * workbench as it is now, saved there as `<name>.png`, and resolves once it is written; otherwise does nothing.
 * The extension's README pictures are taken this way.
 */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.DURABLE_TS_E2E_SCREENSHOTS;
  if (!dir) return;
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  const written = new Promise<void>((resolve) => {
    const watcher = fs.watch(dir, () => {
      if (!fs.existsSync(file) && !fs.existsSync(`${file}.failed`)) return;
      watcher.close();
      resolve();
    });
  });
  report(`screenshot ${name}`);
  await written;
}

let requests = 0;

/** Whether the launcher can press keys in the workbench (code-server runs; desktop VS Code's cannot). */
export function canPressKeys(): boolean {
  return Boolean(process.env.DURABLE_TS_E2E_KEYBOARD);
}

/**
 * Presses keys in the workbench as a user does (Playwright's names: `Enter`, `Space`, `ArrowDown`; `type:TEXT`
 * types text; `wait:TITLE` first waits for the quick input of that title to show; `read:SELECTOR` reads texts, as
 * shownTexts does) and resolves once the launcher has pressed them, with the texts read. Code-server runs only
 * (see canPressKeys).
 */
export async function press(...keys: string[]): Promise<string[]> {
  const { failure, texts } = await askLauncher<{ failure: string; texts: string[] }>('keys', keys);
  if (failure) throw new Error(`pressing ${keys.join(' ')} failed: ${failure}`);
  return texts;
}

/** What the launcher measured in a fresh window (see timeFreshWindow in test/vscode/launcher/freshWindow.mjs). */
export interface FreshWindowTimes {
  /** When the window was asked for (an ISO date). */
  openedAt: string;
  /** Milliseconds from asking for the window to its workbench showing. */
  workbenchMs: number;
  /** … to the opened file's text showing in its editor. */
  fileShownMs: number;
  /** … to the Problems panel listing the expected diagnostic. */
  diagnosticMs: number;
  /** The Problems panel's rows as shown then. */
  problems: string[];
  /** The lines of the window's console and its extension host's log matching the patterns asked for. */
  logLines: string[];
  /** The Problems panel's rows once those lines were there. */
  problemsAfterLogs: string[];
}

/**
 * Asks the launcher for a new window (its own workbench and extension host) on `folder`, opening `file` in an
 * editor, and resolves once the Problems panel lists a row including `expect`, with the times a user waited and
 * the lines of the window's logs that match `logPatterns` (regular expressions' sources), once each has matched.
 * Code-server runs only (see canPressKeys).
 */
export async function timeFreshWindow(folder: string, file: string, expect: string, logPatterns: string[] = []): Promise<FreshWindowTimes> {
  const { failure, ...times } = await askLauncher<FreshWindowTimes & { failure: string }>('window', { folder, file, expect, logPatterns });
  if (failure) throw new Error(`the fresh window on ${folder} failed: ${failure}`);
  return times;
}

/**
 * Asks the launcher for a new window (its own workbench and extension host) on `folder`, presses `keys` there as
 * press() does once its workbench shows, and closes it; resolves with the texts read. Code-server runs only (see
 * canPressKeys).
 */
export async function pressInFreshWindow(folder: string, keys: string[]): Promise<string[]> {
  const { failure, texts } = await askLauncher<{ failure: string; texts: string[] }>('windowKeys', { folder, keys });
  if (failure) throw new Error(`pressing ${keys.join(' ')} in a new window on ${folder} failed: ${failure}`);
  return texts;
}

/**
 * Sends the launcher a request line (`KIND ID JSON`) and resolves with its answer: the file `ID.done` it writes in
 * DURABLE_TS_E2E_KEYBOARD when it is done.
 */
async function askLauncher<Answer>(kind: string, request: unknown): Promise<Answer> {
  const dir = process.env.DURABLE_TS_E2E_KEYBOARD;
  if (!dir) throw new Error('This launcher cannot drive the workbench (DURABLE_TS_E2E_KEYBOARD is not set).');
  const id = `${kind}-${process.pid}-${++requests}`;
  const done = path.join(dir, `${id}.done`);
  const written = new Promise<void>((resolve) => {
    const watcher = fs.watch(dir, () => {
      if (!fs.existsSync(done)) return;
      watcher.close();
      resolve();
    });
  });
  report(`${kind} ${id} ${JSON.stringify(request)}`);
  await written;
  const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as Answer;
  fs.rmSync(done);
  return answer;
}

/** The texts the workbench shows in the elements `selector` matches, as a user reads them. Code-server runs only. */
export function shownTexts(selector: string): Promise<string[]> {
  return press(`read:${selector}`);
}
