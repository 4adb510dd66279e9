import { followWorkbenchConsole, pressKeysOn } from './workbenchConsole.mjs';

const SHOWN_TIMEOUT_MS = 60_000;

/**
 * Opens a new window (a browser page: its own workbench and extension host) on `url`, presses `keys` there as
 * pressKeysOn does once its workbench shows, and closes it (its extension host ends with it). Resolves to the texts
 * read and the error when a key could not be pressed; then a picture of the window is left in `screenshotOnFailure`.
 */
export async function pressInFreshWindow(browser, url, keys, { consoleLogFile, screenshotOnFailure }) {
  const page = await browser.newPage();
  const workbenchConsole = followWorkbenchConsole(page, { logFile: consoleLogFile });
  try {
    await page.goto(url, { timeout: SHOWN_TIMEOUT_MS });
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: SHOWN_TIMEOUT_MS });
    const pressed = await pressKeysOn(page, keys);
    if (pressed.failure && await page.screenshot({ path: screenshotOnFailure }).then(() => true, () => false)) {
      return { ...pressed, failure: `${pressed.failure} (see ${screenshotOnFailure})` };
    }
    return pressed;
  } finally {
    await page.close().catch(() => {});
    await workbenchConsole.flush();
  }
}
