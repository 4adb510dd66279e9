// The real-VS-Code suite: one Mocha suite (test/vscode/suite), run in desktop VS Code through
// @vscode/test-electron where VS Code can be had, and in code-server driven by headless Chromium elsewhere.
// Exits with the suite's exit code. Expects a built extension (`npm run build`), or, with `--vsix FILE`, runs
// against that package instead of the clone (e.g. after `npm run package`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSuite } from './launcher/buildSuite.mjs';
import { e2eCacheDir } from './launcher/cacheDir.mjs';
import { chooseLauncher } from './launcher/chooseLauncher.mjs';
import { installRuntimeInWorkspace } from './launcher/installRuntime.mjs';
import { log } from './launcher/log.mjs';
import { runInCodeServer } from './launcher/runInCodeServer.mjs';
import { runInElectron } from './launcher/runInElectron.mjs';
import { unpackVsix } from './launcher/unpackVsix.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const { values } = parseArgs({ options: { vsix: { type: 'string' } } });
  // Unpacked outside the clone, so nothing missing from the package can be found in the clone's node_modules.
  const unpacked = values.vsix && fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-vsix-'));
  try {
    return await runSuite(unpacked ? unpackVsix(path.resolve(values.vsix), unpacked) : root);
  } finally {
    if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
  }
}

async function runSuite(extensionPath) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  if (!fs.existsSync(path.join(extensionPath, manifest.main))) {
    throw new Error(`the extension is not built (${manifest.main} is missing): run \`npm run build\` first`);
  }
  const started = Date.now();
  log(`testing the extension at ${extensionPath}`);
  const workspacePath = path.join(root, 'test', 'vscode', 'workspace');
  installRuntimeInWorkspace(workspacePath, path.join(root, 'runtime'));
  const options = { extensionDevelopmentPath: extensionPath, extensionTestsPath: await buildSuite(root), workspacePath };
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
