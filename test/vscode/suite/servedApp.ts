import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './workspaceFiles';

/** A `durable-ts serve` of a fixture app, as a user starts it in a terminal, on any free port. */
export interface ServedApp {
  url: string;
  /** Starts an instance through its HTTP API; resolves with the id. */
  start(orchestration: string, input: unknown, instanceId?: string): Promise<string>;
  /** Raises an event on an instance through its HTTP API. */
  raise(instanceId: string, eventName: string, data: unknown): Promise<void>;
  stop(): Promise<void>;
}

export async function serveApp(relativeProgram: string, store: string): Promise<ServedApp> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'runtime', 'bin', 'durable-ts.js');
  const child = spawn(process.execPath, [cli, 'serve', relativeProgram, '--store', store, '--port', '0', '--no-auth', '--quiet'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const found = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`durable-ts serve exited (${code}) before it served:\n${output}`)));
  });
  return {
    url,
    async start(orchestration, input, instanceId) {
      const response = await fetch(`${url}/api/orchestrators/${orchestration}${instanceId ? `/${instanceId}` : ''}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      if (!response.ok) throw new Error(`starting ${orchestration} failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    async raise(instanceId, eventName, data) {
      const response = await fetch(`${url}/runtime/webhooks/durabletask/instances/${instanceId}/raiseEvent/${eventName}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
      if (!response.ok) throw new Error(`raising ${eventName} on ${instanceId} failed: ${response.status} ${await response.text()}`);
    },
    stop: () => stopProcess(child),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
