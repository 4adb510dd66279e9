import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliMain = path.join(repoRoot, 'runtime/dist/cli/main.js');
export const fixtureApps = path.join(repoRoot, 'test/runtime/fixtures/apps');

if (!fs.existsSync(cliMain)) {
  throw new Error(`${cliMain} is missing: build the runtime first (npx tsc -p runtime/tsconfig.json).`);
}

export function fixtureApp(relative: string): string {
  return path.join(fixtureApps, relative);
}

/** A fresh directory for one test's store, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; store: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `durable-ts-${prefix}-`));
  return { dir, store: path.join(dir, 'store.db'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Milliseconds after the start at which each stderr line arrived. */
  stderrLines: { text: string; at: number }[];
}

/** Milliseconds between the stderr lines matching `from` and `to`. */
export function msBetween(result: CliResult, from: RegExp, to: RegExp): number {
  const start = result.stderrLines.find((line) => from.test(line.text));
  const end = result.stderrLines.find((line) => to.test(line.text));
  assert.ok(start && end, `stderr has lines matching ${from} and ${to}:\n${result.stderr}`);
  return end.at - start.at;
}

/** Run `durable-ts <args>` as a real child process and collect what it printed. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], { cwd: options.cwd ?? repoRoot, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    const stderrLines: CliResult['stderrLines'] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const at = performance.now() - started;
      const complete = (stderr + chunk).split('\n').slice(stderr.split('\n').length - 1, -1);
      stderrLines.push(...complete.map((text) => ({ text, at })));
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`durable-ts ${args.join(' ')} did not exit within ${options.timeoutMs ?? 15_000} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, stderrLines });
    });
  });
}

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server printed on stderr so far (progress events). */
  stderr(): string;
  /** Everything it printed on stdout so far (where it serves, the debug port with --debug). */
  stdout(): string;
  /** SIGTERM, then wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Start `durable-ts serve <app> --port 0 ...` and wait for the URL it prints. */
export function startServe(app: string, args: string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cliMain, 'serve', app, '--port', '0', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within 15 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 15_000);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const match = /Serving .* on (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        child,
        stderr: () => stderr,
        stdout: () => stdout,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before serving.\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}
