import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { freePort } from './freePort.mjs';
import { timeFreshWindow } from './freshWindow.mjs';
import { ensureCodeServer } from './installCodeServer.mjs';
import { pressInFreshWindow } from './keysInFreshWindow.mjs';
import { log } from './log.mjs';
import { followWorkbenchConsole } from './workbenchConsole.mjs';

const HEALTH_TIMEOUT_MS = 60_000;
const SUITE_TIMEOUT_MS = Number(process.env.DURABLE_TS_E2E_TIMEOUT_MS) || 10 * 60_000;
const SHUTDOWN_GRACE_MS = 5_000;
/** Marks the suite's report lines in the workbench console (see test/vscode/suite/suiteOutput.ts). */
const SUITE_OUTPUT_PREFIX = '[durable-ts suite] ';

/**
 * Runs the suite inside code-server (VS Code's server with a Node extension host) driven by headless Chromium:
 * no extension host starts until a browser connects, and the workbench starts the suite from the URL's payload
 * and reports the result through `codeAutomationExit`. Resolves to the suite's exit code. code-server's log and
 * the workbench console are kept in `logDir`.
 */
export async function runInCodeServer({ extensionDevelopmentPath, extensionTestsPath, workspacePath, logDir }) {
  const tools = await ensureCodeServer();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-e2e-'));
  fs.mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const server = startCodeServer(tools, port, scratch, path.join(logDir, 'code-server.log'));
  // An interrupted run must not leave code-server (and its extension host) behind; Playwright's own exit hook
  // closes Chromium.
  const stopOnSignal = (signal) => {
    server.process.kill('SIGTERM');
    process.exit(128 + os.constants.signals[signal]);
  };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  let browser;
  try {
    await waitForHealth(server, port);
    const url = workbenchUrl(port, { extensionDevelopmentPath, extensionTestsPath, workspacePath });
    browser = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
      executablePath: tools.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    // A window the suite asks for: the extension under test only, on a folder of the suite's choosing.
    const openWindow = ({ folder, file, expect, logPatterns = [] }) => timeFreshWindow(browser, workbenchUrl(port, { extensionDevelopmentPath, workspacePath: folder, openFile: file }), {
      expect,
      logsDir: path.join(scratch, 'user-data', 'logs'),
      logPatterns: logPatterns.map((pattern) => new RegExp(pattern)),
      consoleLogFile: path.join(logDir, 'fresh-window-console.log'),
      screenshotOnFailure: path.join(logDir, 'fresh-window.png'),
    });
    const pressInWindow = ({ folder, keys }) => pressInFreshWindow(browser, workbenchUrl(port, { extensionDevelopmentPath, workspacePath: folder }), keys,
      { consoleLogFile: path.join(logDir, 'keys-window-console.log'), screenshotOnFailure: path.join(logDir, 'keys-window.png') });
    return await runSuite(browser, url, server, path.join(logDir, 'workbench-console.log'), keyboardDir(scratch), { openWindow, pressInWindow });
  } finally {
    process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
    // A browser that crashed has nothing left to close; the suite's outcome is what matters here.
    await browser?.close().catch(() => {});
    await stopCodeServer(server);
    keepWindowLogs(scratch, logDir);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The windows' own logs (each extension host's activation times and errors, the language client's output channel)
 * are kept beside code-server's, replacing the last run's.
 */
function keepWindowLogs(scratch, logDir) {
  const logs = path.join(scratch, 'user-data', 'logs');
  const kept = path.join(logDir, 'windows');
  fs.rmSync(kept, { recursive: true, force: true });
  if (fs.existsSync(logs)) fs.cpSync(logs, kept, { recursive: true });
}

function startCodeServer(tools, port, scratch, logFile) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(tools.node, [tools.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(scratch, 'user-data'),
    '--extensions-dir', path.join(scratch, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
    // Without a short grace time every finished run leaves its extension host waiting hours for a reconnect.
    '--reconnection-grace-time', '5',
    // The workbench ignores the test payload unless the smoke-test driver is enabled.
    '--vscode-option', 'enable-smoke-test-driver',
  ], {
    // A fresh config home, or code-server writes its config.yaml into the user's ~/.config. The extension host
    // inherits this environment, which is how the suite learns its output prefix.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), DURABLE_TS_E2E_OUTPUT_PREFIX: SUITE_OUTPUT_PREFIX, DURABLE_TS_E2E_KEYBOARD: keyboardDir(scratch) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { process: child, exited, logFile };
}

function logTail(server) {
  return fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n');
}

async function waitForHealth(server, port) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exited = false;
  server.exited.then(() => { exited = true; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited before it was ready:\n${logTail(server)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer /healthz within ${HEALTH_TIMEOUT_MS / 1000} s:\n${logTail(server)}`);
}

/**
 * Paths in the payload are URIs of the remote (code-server's) file system. Without `extensionTestsPath` the window
 * runs no suite; `openFile` is a file the window opens in an editor as it starts.
 */
function workbenchUrl(port, { extensionDevelopmentPath, extensionTestsPath, workspacePath, openFile }) {
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ...(extensionTestsPath ? [['extensionTestsPath', remote(extensionTestsPath)]] : []),
    ...(openFile ? [['openFile', remote(openFile)]] : []),
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspacePath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Where the suite's key presses are acknowledged (see press() in test/vscode/suite/suiteOutput.ts). */
function keyboardDir(scratch) {
  const dir = path.join(scratch, 'keyboard');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function runSuite(browser, url, server, consoleLogFile, keyboard, windows) {
  const page = browser.pages()[0] ?? await browser.newPage();
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  const workbenchConsole = followWorkbenchConsole(page, { logFile: consoleLogFile, suitePrefix: SUITE_OUTPUT_PREFIX, keyboardDir: keyboard, ...windows });
  await page.goto(url);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS);
    timer.unref();
  });
  const outcome = await Promise.race([finished, timedOut, server.exited.then(() => 'server-exited')]);
  clearTimeout(timer);
  await workbenchConsole.flush();
  let logs = `see ${consoleLogFile} and ${server.logFile}`;
  if (outcome !== 0) {
    // What the workbench showed (a dialog, a notification, an error in an editor) often explains a failure.
    const screenshot = path.join(path.dirname(consoleLogFile), 'workbench.png');
    if (await page.screenshot({ path: screenshot }).then(() => true, () => false)) logs += ` and ${screenshot}`;
  }
  if (outcome === 'timeout') {
    throw new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (DURABLE_TS_E2E_TIMEOUT_MS changes that); ${logs}`);
  }
  if (outcome === 'server-exited') throw new Error(`code-server exited during the suite:\n${logTail(server)}\n${logs}`);
  if (outcome !== 0) log(`the suite failed; the workbench's own log: ${logs}`);
  return outcome;
}

async function stopCodeServer(server) {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill('SIGTERM');
  const stopped = await Promise.race([server.exited.then(() => true), sleep(SHUTDOWN_GRACE_MS, false, { ref: false })]);
  if (!stopped) {
    server.process.kill('SIGKILL');
    await server.exited;
  }
}
