import { execFileSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import path from 'node:path';

/** Where @vscode/test-electron downloads VS Code builds from. */
const VSCODE_UPDATE_HOST = 'update.code.visualstudio.com';

/**
 * Desktop VS Code when one is given (VSCODE_EXECUTABLE), installed, or downloadable; code-server otherwise.
 * DURABLE_TS_E2E_LAUNCHER=electron|code-server forces the choice.
 */
export async function chooseLauncher() {
  const forced = process.env.DURABLE_TS_E2E_LAUNCHER;
  if (forced && forced !== 'electron' && forced !== 'code-server') {
    throw new Error(`DURABLE_TS_E2E_LAUNCHER must be "electron" or "code-server", not "${forced}"`);
  }
  if (forced === 'code-server') return { kind: 'code-server', reason: 'DURABLE_TS_E2E_LAUNCHER=code-server' };
  if (process.env.VSCODE_EXECUTABLE) {
    return { kind: 'electron', vscodeExecutablePath: process.env.VSCODE_EXECUTABLE, reason: 'VSCODE_EXECUTABLE is set' };
  }
  const installed = installedVSCode();
  if (installed) return { kind: 'electron', vscodeExecutablePath: installed, reason: `VS Code is installed at ${installed}` };
  if (forced === 'electron' || await canDownloadVSCode()) return { kind: 'electron', reason: 'VS Code can be downloaded' };
  return { kind: 'code-server', reason: `VS Code is neither installed nor downloadable (${VSCODE_UPDATE_HOST} does not resolve)` };
}

/**
 * The `code` on PATH is a launcher script that returns at once; the tests need the application binary it starts,
 * which on Linux sits one folder up, named like the script.
 */
function installedVSCode() {
  if (process.platform !== 'linux') return undefined;
  let script;
  try {
    script = execFileSync('which', ['code'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
  const binary = path.join(path.dirname(path.dirname(fs.realpathSync(script))), 'code');
  return fs.existsSync(binary) && fs.statSync(binary).isFile() ? binary : undefined;
}

async function canDownloadVSCode() {
  try {
    await dns.lookup(VSCODE_UPDATE_HOST);
    return true;
  } catch {
    return false;
  }
}
