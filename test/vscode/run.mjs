// The real-VS-Code suite: one Mocha suite (test/vscode/suite), run in desktop VS Code through
// @vscode/test-electron where VS Code can be had, and in code-server driven by headless Chromium elsewhere.
// Exits with the suite's exit code. Expects a built extension (`npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './launcher/buildSuite.mjs';
import { e2eCacheDir } from './launcher/cacheDir.mjs';
import { chooseLauncher } from './launcher/chooseLauncher.mjs';
import { log } from './launcher/log.mjs';
import { runInCodeServer } from './launcher/runInCodeServer.mjs';
import { runInElectron } from './launcher/runInElectron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!fs.existsSync(path.join(root, manifest.main))) {
    throw new Error(`the extension is not built (${manifest.main} is missing): run \`npm run build\` first`);
  }
  const started = Date.now();
  const options = {
    extensionDevelopmentPath: root,
    extensionTestsPath: await buildSuite(root),
    workspacePath: path.join(root, 'test', 'vscode', 'workspace'),
  };
  const launcher = await chooseLauncher();
  log(`running the suite in ${launcher.kind === 'electron' ? 'desktop VS Code' : 'code-server + headless Chromium'} (${launcher.reason})`);
  const exitCode = launcher.kind === 'electron'
    ? await runInElectron({ ...options, vscodeExecutablePath: launcher.vscodeExecutablePath, cachePath: path.join(e2eCacheDir(), 'vscode') })
    : await runInCodeServer({ ...options, logDir: path.join(root, 'out', 'test', 'vscode', 'logs') });
  log(`suite finished with exit code ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return exitCode;
}

main().then(
  (exitCode) => { process.exitCode = exitCode; },
  (error) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
