import { runTests, TestRunFailedError } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs the suite in desktop VS Code (an installed one, or one @vscode/test-electron downloads into `cachePath`),
 * with a fresh profile so the user's settings and extensions take no part. Resolves to the suite's exit code.
 */
export async function runInElectron({ extensionDevelopmentPath, extensionTestsPath, workspacePath, vscodeExecutablePath, cachePath }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-e2e-'));
  try {
    return await runTests({
      vscodeExecutablePath,
      cachePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspacePath,
        `--user-data-dir=${path.join(profile, 'user-data')}`, `--extensions-dir=${path.join(profile, 'extensions')}`,
        '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    // A failing suite rejects with VS Code's exit code, after Mocha has printed its report.
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
