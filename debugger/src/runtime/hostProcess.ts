import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as readline from 'node:readline';
import type { Duplex, Readable } from 'node:stream';
import { HOST_CONFIG_ENV, INSPECTOR_FD, REPORT_FD, type HostBoot, type HostReport } from '../shared/hostProtocol';
import type { HostEntry } from './runtimeLocation';

export class HostStartError extends Error {}

export interface HostProcessEvents {
  report: [HostReport];
  output: [category: 'stdout' | 'stderr', text: string];
  exit: [code: number | null, signal: NodeJS.Signals | null];
}

/** What Node prints when a process with an inspector session attached exits: not the app's output. */
const INSPECTOR_EXIT_NOTICE = 'Waiting for the debugger to disconnect...';

/**
 * The debuggee process, which waits for the adapter's go before running the app. Its stdout and stderr are the
 * app's; the host's reports arrive on an extra pipe, and the inspector protocol on another, one JSON per line. A
 * warm host (started `held`, ahead of its launch) keeps what it says until the launch that takes it listens.
 */
export class HostProcess extends EventEmitter<HostProcessEvents> {
  private readonly child: ChildProcess;
  /** Rejects if the host could not be started or exited: what a launch waiting on it reports. */
  readonly failed: Promise<never>;
  /** Resolves once the process runs. */
  readonly spawned: Promise<void>;
  /** Resolves once the host has loaded the runtime and the store's engine, and waits for the go. */
  readonly loaded: Promise<void>;
  /** What the host said while no launch listened (a warm host's), in order; undefined once released. */
  private held: (() => void)[] | undefined;

  /**
   * `config`: the launch's (a warm host's: only what it boots with); `inspector`: open the pipe the inspector
   * protocol is relayed on (a run without debugging has none).
   */
  constructor(entry: HostEntry, config: HostBoot, options: { cwd: string; env?: Record<string, string>; nodePath?: string; inspector: boolean; held?: boolean }) {
    super();
    this.held = options.held ? [] : undefined;
    const node = options.nodePath ?? process.execPath;
    // Node's built-in modules come from its startup snapshot, which V8 cannot blackbox: stepping would stop in
    // `node:internal/timers`. Without the snapshot they load as ordinary scripts, which the `^node:` pattern skips.
    const snapshot = options.inspector ? ['--no-node-snapshot'] : [];
    this.child = spawn(node, [...snapshot, ...entry.nodeOptions, entry.script], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, [HOST_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', options.inspector ? 'pipe' : 'ignore'],
    });
    this.spawned = new Promise((resolve) => this.child.once('spawn', () => resolve()));
    this.failed = new Promise<never>((_, reject) => {
      this.child.once('error', (error) => reject(new HostStartError(`Could not start ${node}: ${error.message}`)));
      // Once its pipes are closed too: the reports it wrote before it exited (why it failed) have been read.
      this.child.once('close', (code) => reject(new HostStartError(`The debuggee exited (code ${code}).`)));
    });
    this.failed.catch(() => {});
    let loaded!: () => void;
    this.loaded = new Promise((resolve) => (loaded = resolve));
    readLines(this.child.stderr!, (line) => {
      if (line !== INSPECTOR_EXIT_NOTICE) this.tell('output', 'stderr', `${line}\n`);
    });
    readLines(this.child.stdout!, (line) => this.tell('output', 'stdout', `${line}\n`));
    readLines(this.child.stdio[REPORT_FD] as Readable, (line) => {
      const report = JSON.parse(line) as HostReport;
      if (report.kind === 'loaded') loaded();
      else this.tell('report', report);
    });
    this.child.on('exit', (code, signal) => this.tell('exit', code, signal));
  }

  /** Hands what a held host said so far to the listeners, and from now on everything as it comes. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.forEach((told) => told());
  }

  private tell<E extends keyof HostProcessEvents>(event: E, ...args: HostProcessEvents[E]): void {
    const told = () => (this.emit as (event: E, ...args: HostProcessEvents[E]) => boolean)(event, ...args);
    if (this.held) this.held.push(told);
    else told();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends a host that never ran an app (a warm one no launch took): it holds no store, nothing to make durable. */
  discard(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  get inspectorChannel(): Duplex {
    return this.child.stdio[INSPECTOR_FD] as Duplex;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Asks the host to stop (SIGTERM: it makes its store durable, then exits) and waits for it to exit; kills it
   * when it has not within `graceMs` (code that never yields). Resolves with whether it had to be killed.
   */
  async stop(graceMs: number): Promise<boolean> {
    if (this.exited) return false;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    let killed = false;
    const deadline = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(deadline);
    return killed;
  }
}

function readLines(stream: Readable, onLine: (line: string) => void): void {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', onLine);
  // A pipe of a host that died is reset; the exit event says what happened.
  lines.on('error', () => {});
}
