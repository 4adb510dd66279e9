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
