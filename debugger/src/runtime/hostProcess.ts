import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import { HOST_CONFIG_ENV, REPORT_FD, type HostConfig, type HostReport } from '../shared/hostProtocol';
import type { HostEntry } from './runtimeLocation';

export class HostStartError extends Error {}

export interface HostProcessEvents {
  report: [HostReport];
  output: [category: 'stdout' | 'stderr', text: string];
  exit: [code: number | null, signal: NodeJS.Signals | null];
}

/** Inspector chatter on the host's stderr that is not the app's output. */
const inspectorNotice = /^(Debugger listening on |For help, see: https:\/\/nodejs\.org|Debugger attached\.|Waiting for the debugger to disconnect)/;

/**
 * The debuggee process: `node --inspect-brk=127.0.0.1:0 <host>`, which waits for the debugger before running
 * anything. Its stdout and stderr are the app's; the host's reports arrive on an extra pipe, one JSON per line.
 */
export class HostProcess extends EventEmitter<HostProcessEvents> {
  private readonly child: ChildProcess;
  readonly inspectorUrl: Promise<string>;

  constructor(entry: HostEntry, config: HostConfig, options: { cwd: string; env?: Record<string, string>; nodePath?: string }) {
    super();
    this.child = spawn(options.nodePath ?? process.execPath, ['--inspect-brk=127.0.0.1:0', ...entry.nodeOptions, entry.script], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, [HOST_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.inspectorUrl = new Promise((resolve, reject) => {
      this.child.once('error', (error) => reject(new HostStartError(`Could not start ${options.nodePath ?? process.execPath}: ${error.message}`)));
      this.child.once('exit', (code) => reject(new HostStartError(`The debuggee exited (code ${code}) before its inspector was ready.`)));
      readLines(this.child.stderr!, (line) => {
        const listening = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (listening) resolve(listening[1]);
        if (!inspectorNotice.test(line)) this.emit('output', 'stderr', `${line}\n`);
      });
    });
    this.inspectorUrl.catch(() => {});
    readLines(this.child.stdout!, (line) => this.emit('output', 'stdout', `${line}\n`));
    readLines(this.child.stdio[REPORT_FD] as Readable, (line) => this.emit('report', JSON.parse(line) as HostReport));
    this.child.on('exit', (code, signal) => this.emit('exit', code, signal));
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

function readLines(stream: Readable, onLine: (line: string) => void): void {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}
