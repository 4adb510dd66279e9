import { runTests } from '@vscode/test-electron';

/** Runs the suite in desktop VS Code (an installed one, or one @vscode/test-electron downloads). */
export async function runInElectron({ extensionDevelopmentPath, extensionTestsPath, workspacePath, vscodeExecutablePath, cachePath }) {
  try {
    await runTests({
      vscodeExecutablePath,
      cachePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspacePath, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } catch (error) {
    // runTests rejects with the exit code's message once the suite has reported its own failures.
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
