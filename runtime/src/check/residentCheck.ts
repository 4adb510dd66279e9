import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { preloadTypeEraser, stripTypes } from '../host/stripTypes';
import { DEFAULT_TURN_DEADLINE_MS } from '../worker/turnWatchdog';
import { appFiles, registeringFiles, registersOrchestrations } from './appFiles';
import { forEachUnfinished, type CheckedInstance } from './checkInstances';
import type { ThreadAnswer, ThreadRequest } from './checkThread';

/**
 * Check the app(s) `saved` belongs to against `store`. `entries`: the files the workspace declares as its apps'
 * entries (launch configurations, package.json scripts); the files under `root` that register orchestrations count too.
 */
export interface CheckRequest {
  type: 'check';
  id: number;
  store: string;
  saved: string;
  root?: string;
  entries: string[];
  deadlineMs?: number;
  /** How long the check may take before it is stopped (module code of the app that never returns): 60 s by default. */
  timeoutMs?: number;
}

/** Stop a check that a newer one replaced (the file was saved again). */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** One app's verdicts: `durable-ts check --format json`'s report, or why the check could not run. */
export type AppCheck = { app: string; files: string[] } & ThreadAnswer;

export type ResidentMessage = { type: 'ready' } | { type: 'result'; id: number; cancelled: boolean; apps: AppCheck[] };

/**
 * The editor's check on save, kept warm: one process answers every save's check, with the TypeScript compiler
 * loaded (it erases the saved file's types before the check loads it) and a thread waiting with the runtime loaded.
 * Each check runs on a thread of its own (./checkThread), so the app is loaded as it is on disk now and its code
 * cannot harm the process; a check that runs past its timeout (module code that never returns) is stopped.
 */
export class ResidentCheck {
  private readonly queue: CheckRequest[] = [];
  private standby: Thread | undefined;
  private running: { id: number; stop: () => void } | undefined;
  private closed = false;

  constructor(private readonly send: (message: ResidentMessage) => void) {}

  start(): void {
    this.standby = this.spareThread();
    // The compiler loads now rather than on the first save.
    preloadTypeEraser();
    this.send({ type: 'ready' });
  }

  receive(message: CheckRequest | CancelRequest): void {
    if (message.type === 'check') {
      this.queue.push(message);
      void this.next();
    } else if (message.type === 'cancel') {
      const queued = this.queue.findIndex((request) => request.id === message.id);
      if (queued >= 0) {
        this.queue.splice(queued, 1);
        this.send({ type: 'result', id: message.id, cancelled: true, apps: [] });
      } else if (this.running?.id === message.id) this.running.stop();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.running?.stop();
    await this.standby?.terminate();
  }

  /** The waiting thread, else a new one: a thread checks once. */
  private takeThread(): Thread {
    const thread = this.standby ?? newThread();
    this.standby = undefined;
    return thread;
  }

  /** A thread that waits for the next check; forgotten if it ends first (it could answer nothing). */
  private spareThread(): Thread {
    const thread = newThread();
    thread.once('exit', () => {
      if (this.standby === thread) this.standby = undefined;
    });
    return thread;
  }

  private async next(): Promise<void> {
    if (this.running || this.closed) return;
    const request = this.queue.shift();
    if (!request) return;
    let cancelled = false;
    const checks: AppCheck[] = [];
    let stopThread: (() => void) | undefined;
    this.running = { id: request.id, stop: () => ((cancelled = true), stopThread?.()) };
    try {
      const apps = appsOf(request.saved, request.entries, request.root);
      const threads = apps.map(() => this.takeThread());
      stopThread = () => threads.forEach((thread) => void thread.terminate());
      // Each thread loads its app while the store is read.
      const deadlineMs = request.deadlineMs ?? DEFAULT_TURN_DEADLINE_MS;
      const answers = apps.map(({ app, files }, index) => {
        eraseTypesAhead(files);
        return answerOf(threads[index], { app, deadlineMs }, request.timeoutMs ?? 60_000);
      });
      const instances: CheckedInstance[] = [];
      const read = await forEachUnfinished(request.store, async (instance) => void instances.push(instance)).then(() => undefined, (error: Error) => error);
      for (const [index, thread] of threads.entries()) {
        if (read) void thread.terminate();
        else thread.postMessage(instances);
        const answer = await answers[index];
        checks.push({ ...apps[index], ...(read ? { error: read.message } : answer) });
      }
    } finally {
      this.running = undefined;
    }
    if (this.closed) return;
    this.standby ??= this.spareThread();
    this.send({ type: 'result', id: request.id, cancelled, apps: cancelled ? [] : checks });
    void this.next();
  }
}

/**
 * The apps a saved file belongs to: of the entries and the files that register orchestrations (under `root`, and
 * the saved file), those whose files include it, less those another one of them already loads (an orchestration
 * file its entry imports is checked as part of that entry's app).
 */
export function appsOf(saved: string, entries: readonly string[], root: string | undefined): { app: string; files: string[] }[] {
  const file = path.resolve(saved);
  const candidates = new Set([...entries.map((entry) => path.resolve(entry)), ...(root ? registeringFiles(root) : [])]);
  if (registersOrchestrations(file)) candidates.add(file);
  const apps = [...candidates]
    .filter((entry) => fs.existsSync(entry))
    .map((entry) => ({ app: entry, files: appFiles(entry) }))
    .filter((app) => app.files.includes(file));
  return apps.filter((app) => !apps.some((other) => other !== app && other.files.length > app.files.length && app.files.every((part) => other.files.includes(part))));
}

/**
 * Erases the types of the app's TypeScript files here, where the compiler stays loaded, into the cache of erased
 * sources the check's thread then reads: the thread itself would load the compiler first (most of a second).
 */
function eraseTypesAhead(files: readonly string[]): void {
  for (const file of files.filter((name) => /\.(ts|mts|cts)$/.test(name))) {
    try {
      stripTypes(fs.readFileSync(file, 'utf8'), file);
    } catch {
      // Unreadable, or syntax erasure cannot handle: the check's load reports it.
    }
  }
}

function newThread(): Thread {
  // Built beside this file; the runtime's sources (which the tests run) use the built thread.
  const built = path.join(__dirname, 'checkThread.js');
  const thread = new Thread(fs.existsSync(built) ? built : path.resolve(__dirname, '..', '..', 'dist', 'check', 'checkThread.js'), { stdout: true, stderr: true });
  // What the app's code prints is no part of the answer.
  thread.stdout.resume();
  thread.stderr.resume();
  return thread;
}

function answerOf(thread: Thread, request: ThreadRequest, timeoutMs: number): Promise<ThreadAnswer> {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<ThreadAnswer>((resolve) => {
    timer = setTimeout(
      () => resolve({ error: `The check of ${request.app} did not finish in ${timeoutMs / 1000} s (module code of the app that never returns?), and was stopped.` }),
      timeoutMs,
    );
    thread.once('message', resolve);
    thread.once('error', (error) => resolve({ error: `The app's code failed the check: ${error.message}` }));
    thread.once('exit', (code) => resolve({ error: `The app's code ended the check (exit code ${code}) before it finished.` }));
    thread.postMessage(request);
  }).finally(() => {
    clearTimeout(timer);
    void thread.terminate();
  });
}
