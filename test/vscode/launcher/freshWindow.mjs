import { extensionHostLogDirs, extensionHostLogLines, waitForLines } from './windowLogs.mjs';
import { followWorkbenchConsole } from './workbenchConsole.mjs';

const SHOWN_TIMEOUT_MS = 60_000;
/** How long one press of the Problems shortcut is given to show the panel before it is pressed again. */
const PANEL_RETRY_MS = 2_000;

/**
 * Opens a new window (a browser page: its own workbench and a new extension host) on `url`, a folder no window
 * has opened yet with one of its files in an editor, and times what a user waits for: from the moment the window is
 * asked for until the workbench shows, the file shows in its editor, and the Problems panel lists a diagnostic
 * whose text includes `expect`. Resolves to those times in milliseconds, when the window was opened, the Problems
 * rows then shown, the lines of the window's console and of its extension host's log (under code-server's
 * `logsDir`) that match `logPatterns` (the extension's start-up times, say), and the Problems rows shown once those
 * lines were there; the window is closed after (its extension host ends with it). A failure leaves a picture of the window in `screenshotOnFailure`.
 */
export async function timeFreshWindow(browser, url, { expect, logsDir, logPatterns = [], consoleLogFile, screenshotOnFailure }) {
  const earlierHosts = new Set(extensionHostLogDirs(logsDir));
  const page = await browser.newPage();
  const workbenchConsole = followWorkbenchConsole(page, { logFile: consoleLogFile });
  try {
    const openedAt = new Date().toISOString();
    const opened = performance.now();
    const since = () => Math.round(performance.now() - opened);
    await page.goto(url, { timeout: SHOWN_TIMEOUT_MS });
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: SHOWN_TIMEOUT_MS });
    const workbenchMs = since();
    // The Problems panel is opened at once, as a user looking for the findings would, and the row is waited for
    // in it: it is where VS Code lists what the language server published.
    const fileShown = page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: SHOWN_TIMEOUT_MS }).then(since);
    await showProblemsPanel(page);
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: expect });
    await row.first().waitFor({ timeout: SHOWN_TIMEOUT_MS });
    const diagnosticMs = since();
    const rows = () => page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    const problems = await rows();
    // The window's own extension host is the one started since it was asked for; what the extension logs to its
    // console shows in the window's.
    const host = () => extensionHostLogDirs(logsDir).find((dir) => !earlierHosts.has(dir));
    const logLines = await waitForLines(logPatterns, () => [...workbenchConsole.lines(), ...extensionHostLogLines(host())]);
    return { openedAt, workbenchMs, fileShownMs: await fileShown, diagnosticMs, problems, logLines, problemsAfterLogs: await rows() };
  } catch (error) {
    // What the window showed (no panel, an error notification, an empty Problems list) explains the failure.
    if (await page.screenshot({ path: screenshotOnFailure }).then(() => true, () => false)) throw new Error(`${error.message} (see ${screenshotOnFailure})`);
    throw error;
  } finally {
    await page.close().catch(() => {});
    await workbenchConsole.flush();
  }
}

/** The workbench takes its keybindings a moment after it shows: the shortcut is pressed until the panel opens. */
async function showProblemsPanel(page) {
  const panel = page.locator('.markers-panel');
  const deadline = performance.now() + SHOWN_TIMEOUT_MS;
  // Checked before each press: the shortcut toggles the panel, and a press taken late may have opened it.
  while (!(await panel.isVisible())) {
    if (performance.now() > deadline) throw new Error(`the Problems panel did not open within ${SHOWN_TIMEOUT_MS / 1000} s`);
    await page.keyboard.press('ControlOrMeta+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: PANEL_RETRY_MS }).catch(() => {});
  }
}
