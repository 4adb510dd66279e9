import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

/** A suite line asking for a picture of the workbench (see screenshot() in test/vscode/suite/suiteOutput.ts). */
const SCREENSHOT_REQUEST = /^screenshot ([\w-]+)$/;

/** A suite line asking for keys to be pressed in the workbench, as a user types them (see press() in the suite). */
const KEYS_REQUEST = /^keys ([\w-]+) (.+)$/;

/** A suite line asking for a fresh window to be opened and timed (see timeFreshWindow() in the suite). */
const WINDOW_REQUEST = /^window ([\w-]+) (.+)$/;

/** A suite line asking for keys to be pressed in a fresh window (see pressInFreshWindow() in the suite). */
const WINDOW_KEYS_REQUEST = /^windowKeys ([\w-]+) (.+)$/;

/**
 * Each key as Playwright names it (`Enter`, `Space`, `ArrowDown`), `type:TEXT` for text, `wait:TITLE` to wait
 * for the quick input titled so to show (a prompt the extension opens appears a moment after its call), or
 * `read:SELECTOR` for the texts the workbench shows in those elements, `see:SELECTOR` to wait for such an element
 * to show, or `click:SELECTOR` to click the first (Playwright selectors: `.monaco-button:has-text("Add")`).
 * Resolves to the texts read and the error when a key could not be pressed.
 */
export async function pressKeysOn(page, keys) {
  let failure = '';
  const texts = [];
  try {
    for (const key of keys) {
      if (key.startsWith('type:')) await page.keyboard.type(key.slice('type:'.length));
      else if (key.startsWith('read:')) texts.push(...await page.locator(key.slice('read:'.length)).allInnerTexts());
      else if (key.startsWith('see:')) await page.locator(key.slice('see:'.length)).first().waitFor({ state: 'visible', timeout: 30_000 });
      else if (key.startsWith('click:')) await page.locator(key.slice('click:'.length)).first().click({ timeout: 30_000 });
      else if (key.startsWith('wait:')) await page.locator('.quick-input-widget .quick-input-title', { hasText: key.slice('wait:'.length) }).waitFor({ state: 'visible', timeout: 30_000 });
      else await page.keyboard.press(key);
    }
  } catch (error) {
    failure = String(error);
  }
  return { failure, texts };
}

/** Presses the keys a suite line asks for, acknowledged by a file the suite waits for (see pressKeysOn). */
async function pressKeys(page, dir, id, keys) {
  acknowledge(dir, id, await pressKeysOn(page, JSON.parse(keys)));
}

/** Opens the window a suite line asks for with `open` and acknowledges with what it measured or read. */
async function openWindowFor(open, dir, id, request) {
  try {
    acknowledge(dir, id, { failure: '', ...await open(JSON.parse(request)) });
  } catch (error) {
    acknowledge(dir, id, { failure: String(error) });
  }
}

/** Written under a temporary name first: the suite waits for the final name, which appears complete. */
function acknowledge(dir, id, answer) {
  fs.writeFileSync(path.join(dir, `${id}.partial`), JSON.stringify(answer));
  fs.renameSync(path.join(dir, `${id}.partial`), path.join(dir, `${id}.done`));
}

/** Written under a temporary name first: the suite waits for the final name, which appears complete. */
async function takeScreenshot(page, dir, name) {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: `${file}.partial.png` }).catch((error) => fs.writeFileSync(`${file}.failed`, String(error)));
  if (fs.existsSync(`${file}.partial.png`)) fs.renameSync(`${file}.partial.png`, file);
}

/** The workbench logs as `console.log('%c LEVEL', css, format, ...args)`; this is the first pair. */
const LEVEL_PREFIX = /^%c\s*([A-Z]+)$/;

/**
 * Follows the workbench page's console: every message goes to `logFile`, and the suite's own report lines
 * (those carrying `suitePrefix`, when given) go to stdout without it, or are done when they ask for something
 * (`openWindow` opens and times the fresh window a request describes, `pressInWindow` presses keys in one).
 * Messages are formatted in arrival order even though reading their arguments is asynchronous.
 */
export function followWorkbenchConsole(page, { logFile, suitePrefix, screenshotDir = process.env.DURABLE_TS_E2E_SCREENSHOTS, keyboardDir, openWindow, pressInWindow }) {
  const log = fs.createWriteStream(logFile);
  const lines = [];
  let pending = Promise.resolve();
  page.on('console', (message) => {
    const formatted = formatMessage(message);
    pending = pending.then(async () => {
      const text = await formatted;
      log.write(`${text}\n`);
      lines.push(text);
      const at = suitePrefix ? text.indexOf(suitePrefix) : -1;
      if (at === -1) return;
      const line = text.slice(at + suitePrefix.length);
      const shot = SCREENSHOT_REQUEST.exec(line);
      const keys = KEYS_REQUEST.exec(line);
      const window = WINDOW_REQUEST.exec(line);
      const windowKeys = WINDOW_KEYS_REQUEST.exec(line);
      if (shot && screenshotDir) await takeScreenshot(page, screenshotDir, shot[1]);
      else if (keys && keyboardDir) await pressKeys(page, keyboardDir, keys[1], keys[2]);
      else if (window && keyboardDir && openWindow) await openWindowFor(openWindow, keyboardDir, window[1], window[2]);
      else if (windowKeys && keyboardDir && pressInWindow) await openWindowFor(pressInWindow, keyboardDir, windowKeys[1], windowKeys[2]);
      else process.stdout.write(`${line}\n`);
    });
  });
  page.on('pageerror', (error) => log.write(`page error: ${error.stack ?? error.message}\n`));
  return {
    /** The messages formatted so far. */
    lines: () => lines,
    /** Waits for the messages received so far to be written. */
    async flush() {
      await pending;
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

async function formatMessage(message) {
  let args;
  try {
    args = await Promise.all(message.args().map((handle) => handle.jsonValue()));
  } catch {
    return message.text(); // The page navigated or closed while the arguments were read.
  }
  if (args.length === 0) return message.text();
  const level = typeof args[0] === 'string' ? LEVEL_PREFIX.exec(args[0]) : null;
  if (level && args.length >= 2) {
    const rest = args.slice(2);
    return rest.length === 0 ? level[1] : `${level[1]} ${util.format(...rest)}`;
  }
  return util.format(...args);
}
