import { spawn, type ChildProcess } from 'node:child_process';
import type { CheckReport } from './checkFindings';

/** What the resident check (`durable-ts check-service`) is asked: the app(s) `saved` belongs to, checked against `store`. */
export interface CheckQuestion {
  store: string;
  saved: string;
  /** The workspace folder: the service finds there the files that register orchestrations. */
  root: string;
  /** Files the workspace declares as its apps' entries (launch configurations, package.json scripts). */
  entries: string[];
}

/** One app's verdicts, as the service sends them. */
export interface AppVerdicts {
  app: string;
  files: string[];
  report?: CheckReport;
  error?: string;
}

export type CheckOutcome =
  | { kind: 'checked'; apps: AppVerdicts[] }
  | { kind: 'cancelled' }
  /** The project's durable-ts predates the resident check: run `durable-ts check` instead. */
  | { kind: 'unsupported' }
  | { kind: 'failed'; message: string };

type ServiceMessage = { type: 'ready' } | { type: 'result'; id: number; cancelled: boolean; apps: AppVerdicts[] };

/** A check under way: its outcome, and a way to drop it when a newer save replaces it. */
export interface RunningCheck {
  outcome: Promise<CheckOutcome>;
  cancel(): void;
}

/**
 * The resident check process of one durable-ts CLI, started on first use and kept running so a check on save
 * finds the compiler and the runtime loaded. It answers over an IPC channel; if it dies, the next check starts
 * another, and a check it took down with it is asked once more of the new one.
 */
export class CheckProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<'ready' | 'unsupported' | 'failed'> | undefined;
  private readonly pending = new Map<number, { child: ChildProcess; settle: (outcome: CheckOutcome) => void }>();
  private lastId = 0;
  private unsupported = false;
  private disposed = false;
  private stderr = '';

  constructor(
    private readonly node: { command: string; env?: Record<string, string> },
    private readonly cli: string,
  ) {}

  /** Starts the process ahead of the first check. */
  warm(): void {
    if (!this.unsupported) void this.started();
  }

  check(question: CheckQuestion): RunningCheck {
    let cancelled = false;
    let sent: (() => void) | undefined;
    const outcome = (async (): Promise<CheckOutcome> => {
      for (let attempt = 1; ; attempt++) {
        const state = await this.started();
        if (cancelled) return { kind: 'cancelled' };
        if (state === 'unsupported') return { kind: 'unsupported' };
        if (state === 'failed') return { kind: 'failed', message: `durable-ts check-service did not start: ${this.stderr.trim()}` };
        const id = ++this.lastId;
        const child = this.child!;
        const answer = new Promise<CheckOutcome>((settle) => this.pending.set(id, { child, settle }));
        sent = () => child.connected && child.send({ type: 'cancel', id });
        child.send({ type: 'check', id, ...question });
        const settled = await answer;
        // A crash takes the check with it: ask the restarted process once more.
        if (settled.kind !== 'failed' || attempt === 2 || cancelled) return settled;
      }
    })();
    return {
      outcome,
      cancel: () => {
        cancelled = true;
        sent?.();
      },
    };
  }

  /** Stops the process for good: a check still waiting fails rather than start another. */
  dispose(): void {
    this.disposed = true;
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child?.connected) child.disconnect();
    child?.kill();
  }

  private started(): Promise<'ready' | 'unsupported' | 'failed'> {
    if (this.unsupported) return Promise.resolve('unsupported');
    if (this.disposed) return Promise.resolve('failed');
    this.ready ??= new Promise((resolve) => {
      this.stderr = '';
      const child = spawn(this.node.command, [this.cli, 'check-service'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ...this.node.env } });
      this.child = child;
      child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
      child.on('message', (message: ServiceMessage) => {
        if (message.type === 'ready') return resolve('ready');
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        waiting?.settle(message.cancelled ? { kind: 'cancelled' } : { kind: 'checked', apps: message.apps });
      });
      child.on('error', (error) => {
        this.stderr += error.message;
        this.forget(child, `durable-ts check-service failed: ${error.message}`);
        resolve('failed');
      });
      child.on('exit', (code, signal) => {
        // An older CLI knows no such command: it prints its usage and exits 2 before it is ready.
        if (/Unknown command 'check-service'/.test(this.stderr)) this.unsupported = true;
        resolve(this.unsupported ? 'unsupported' : 'failed');
        this.forget(child, `durable-ts check-service stopped (${signal ?? `exit code ${code}`}): ${this.stderr.trim().split('\n').slice(-3).join(' ')}`);
      });
    });
    return this.ready;
  }

  /** A process that is gone: the next check starts another, and the checks it had fail with `message`. */
  private forget(child: ChildProcess, message: string): void {
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
    }
    for (const [id, waiting] of this.pending) {
      if (waiting.child !== child) continue;
      this.pending.delete(id);
      waiting.settle({ kind: 'failed', message });
    }
  }
}
