import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end; rejects (with the same fields) when it exits non-zero. The environment leaves out
 * npm's own variables, so a command runs as it would from a user's shell, not as a script of this repository.
 */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...userEnvironment(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const finished = { code, stdout, stderr };
      if (code === 0) resolve(finished);
      else reject(Object.assign(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`), finished));
    });
  });
}

export interface Serving {
  url: string;
  stop(): Promise<void>;
}

/** Starts `durable-ts serve` from the project's node_modules and resolves once it prints the address it serves on. */
export function startServe(project: string, args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [path.join(project, 'node_modules/durable-ts/bin/durable-ts.js'), ...args], { cwd: project, env: userEnvironment() });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      const url = /on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, stop: () => (child.kill('SIGTERM'), exited) });
    });
    child.on('close', (code) => reject(new Error(`durable-ts serve exited ${code} before serving:\n${output}`)));
  });
}

function userEnvironment(): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...environment, NO_COLOR: '1' };
}
