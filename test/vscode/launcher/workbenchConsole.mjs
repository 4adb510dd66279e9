import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

/** A suite line asking for a picture of the workbench (see screenshot() in test/vscode/suite/suiteOutput.ts). */
const SCREENSHOT_REQUEST = /^screenshot ([\w-]+)$/;

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
 * (those carrying `suitePrefix`) go to stdout without it. Messages are formatted in arrival order even though
 * reading their arguments is asynchronous.
 */
export function followWorkbenchConsole(page, { logFile, suitePrefix, screenshotDir = process.env.DURABLE_TS_E2E_SCREENSHOTS }) {
  const log = fs.createWriteStream(logFile);
  let pending = Promise.resolve();
  page.on('console', (message) => {
    const formatted = formatMessage(message);
    pending = pending.then(async () => {
      const text = await formatted;
      log.write(`${text}\n`);
      const at = text.indexOf(suitePrefix);
      if (at === -1) return;
      const line = text.slice(at + suitePrefix.length);
      const shot = SCREENSHOT_REQUEST.exec(line);
      if (shot && screenshotDir) await takeScreenshot(page, screenshotDir, shot[1]);
      else process.stdout.write(`${line}\n`);
    });
  });
  page.on('pageerror', (error) => log.write(`page error: ${error.stack ?? error.message}\n`));
  return {
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
