import Mocha from 'mocha';
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
