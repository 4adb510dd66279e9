import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEvent } from 'durable-ts';
import { CdpClient, CdpError } from '../cdp/cdpClient';
import { RemoteClient } from '../../../runtime/src/cli/remoteClient';
import { ATTACH_METHOD, DEFAULT_DEBUG_PORT, DETACH_METHOD, type DebuggeeRequests } from '../../../runtime/src/cli/debuggeeInterface';
import { isPostgresUrl, redactUrl } from '../../../runtime/src/store/postgres/storeUrl';
import { ATTACH_REPORT_BINDING, DEBUG_GLOBAL, HOST_CALL_URL, PAUSE_POINT_LINE, RUN_METHOD, STOP_GRACE_MS, type HostAnswers, type HostConfig, type HostGo, type HostMethod, type HostReport, type HostRequestOf, type StopContext, type EntityOperationView } from '../shared/hostProtocol';
import { BreakpointManager, type BreakpointAnswer, type BreakpointRequest, type BreakpointUpdate } from './breakpoints';
import type { CallFrame, EvaluateResult, InternalPropertyDescriptor, PausedEvent, PropertyDescriptor, RemoteObject } from './cdpTypes';
import { FunctionBreakpoints, type FunctionBreakpointAnswer } from './functionBreakpoints';
import { formatHistoryEvent } from './historyText';
import { stackFrameLocation } from './failureText';
import { HostProcess } from './hostProcess';
import { hostStartFor, launchPaths, type HostStart } from './hostStart';
import type { WarmHosts } from './warmHosts';
import { enableInspector, hostBlackboxPatterns } from './inspectorSetup';
import { InstanceThreads, MAIN_THREAD, type RunningInstance, type Thread, type ThreadChange } from './instanceThreads';
import { resolveAttachModule } from './runtimeLocation';
import { connectToServe } from './serveConnection';
import { ScriptRegistry } from './scripts';
import { defaultOutFiles } from './outFiles';
import { attachConfigurationProblem, launchConfigurationProblem } from './launchOptionChecks';
import { SourceMaps } from './sourceMaps';
import { SourceMapPause } from './sourceMapPause';
import { describeStop } from './stopDescription';
import { mark } from '../shared/timeline';
import { breakOnFor, classifyException, exceptionText, pauseOnExceptionsState, sameFunction, wantsExceptionStop } from './exceptionStops';
import { isLanding, isNextActivity, originOf, type StepOrigin } from './stepLanding';
import { previousCheckpoint } from '../shared/checkpoints';
import { historyBreakpointProblem, type HistoryBreakpoint } from '../shared/historyBreakpoints';

export interface LaunchOptions {
  program: string;
  orchestration?: string;
  input?: unknown;
  instanceId?: string;
  store?: string;
  stopOnEntry?: boolean;
  timeSkipping?: boolean;
  replayEveryTurn?: boolean;
  /** Stop where the orchestrator's code meets these history events (by number, type or activity name). */
  historyBreakpoints?: HistoryBreakpoint[];
  /** Re-run a recorded instance: `instanceId` from `store`, or `historyFile` (what `durable-ts history --format json` writes). */
  replay?: { instanceId?: string; historyFile?: string };
  cwd?: string;
  env?: Record<string, string>;
  runtimeExecutable?: string;
  /** Run without debugging (VS Code's Run Without Debugging): no inspector, no stops, output only. */
  noDebug?: boolean;
  /** Read the source maps of compiled scripts (tsc `sourceMap`), so `.ts` breakpoints bind and frames show `.ts` lines (default true). */
  sourceMaps?: boolean;
  /** Globs of the compiled JavaScript whose maps are read before the app runs (`!` excludes); default: all under `cwd` but node_modules. */
  outFiles?: string[];
}

/** The `attach` configuration: a `durable-ts serve --debug` on this machine. */
export interface AttachOptions {
  /** Its debug port (`--debug-port`; 9329 for `--debug`). */
  port?: number;
  sourceMaps?: boolean;
  outFiles?: string[];
  /** Where relative `outFiles` globs start (the app's folder by default). */
  cwd?: string;
}

/** A Node.js to run the app with, and what its environment needs (an editor's runtime in Node mode, say). */
export interface NodeCommand {
  command: string;
  env?: Record<string, string>;
}

/** The one frame of an instance's thread while another instance is stopped: where its orchestrator waits. */
export interface WaitingFrame {
  /** "ProcessOrder o1 — waiting for sub-orchestration 'ShipOrder' (task 9)" */
  name: string;
  /** The `await` of the call it waits on, when that call was made in this session (1-based line and column). */
  path?: string;
  line?: number;
  column?: number;
}

export type StopReason = 'breakpoint' | 'function breakpoint' | 'step' | 'entry' | 'exception' | 'pause';

export interface Stop {
  reason: StopReason;
  /** "breakpoint — replay 3, history event 12 of 40" */
  description: string;
  threadId: number;
  text?: string;
}

export interface ExceptionDetails {
  id: string;
  description: string;
  details?: string;
}

export interface RuntimeEvents {
  stopped: [Stop];
  output: [category: 'console' | 'stdout' | 'stderr', text: string];
  thread: [reason: ThreadChange, thread: Thread];
  breakpoint: [BreakpointUpdate];
  exited: [code: number];
}

type StepCommand = 'Debugger.stepOver' | 'Debugger.stepInto' | 'Debugger.stepOut';

/** What the next pause of the debuggee means, given what the user last asked for. */
type Intent =
  | { kind: 'run' }
  | { kind: 'pause' }
  | { kind: 'step'; command: StepCommand; origin?: StepOrigin }
  | {
      kind: 'land';
      label: 'entry' | 'step' | 'step back' | 'pause' | 'exception' | 'history breakpoint' | 'function breakpoint';
      /** For a history breakpoint: which event it met. */
      text?: string;
      /** For a failure stop: what it shows. */
      exception?: ExceptionDetails;
      note?: string;
      fromLine?: { scriptId: string; lineNumber: number };
      steps: number;
      /** Where the host stopped to land: a step lands in that code only (not in an activity or instance that runs meanwhile). */
      at?: StepOrigin;
      /** A step back: where it started, to go on further back when the checkpoint resumed no code. */
      back?: { position: number; checkpoint: number; fromSegmentStart: boolean };
    }
  | { kind: 'travel'; then: 'land' | 'runToBreakpoint'; back?: { position: number; checkpoint: number; fromSegmentStart: boolean } }
  | { kind: 'reverse' };

interface PausedState {
  callFrames: CallFrame[];
  context: StopContext | undefined;
  exception?: ExceptionDetails;
  /** Set when the code stopped in an entity's operation. */
  entity?: EntityOperationView;
}

/** How an exception stop starts its description: "activity failed — in activity 'ChargeCard' of Checkout …". */
const EXCEPTION_LABELS: Record<string, string> = {
  activityFailed: 'activity failed',
  orchestrationFailed: 'orchestration failed',
  caught: 'exception',
  uncaught: 'uncaught exception',
  nondeterminism: 'nondeterminism',
};

/** Gives up stepping towards user code after this many pauses outside it (a script that should be blackboxed). */
const MAX_LANDING_STEPS = 50;

export class ReplayDebugError extends Error {}

/**
 * The debuggee as the debug session sees it: it launches the host under the inspector, turns inspector pauses into
 * stops that mean something for an orchestration (a breakpoint in replay 3, a durable step that landed in the next
 * replay, a step back into the past), and knows nothing of DAP messages.
 */
export class ReplayDebugRuntime extends EventEmitter<RuntimeEvents> {
  private host: HostProcess | undefined;
  private cdp: CdpClient | undefined;
  private scripts: ScriptRegistry | undefined;
  private breakpointManager: BreakpointManager | undefined;
  private sourceMaps: SourceMaps | undefined;
  /** Settles once the maps of `outFiles` are read: breakpoints bind after that, in the compiled files too. */
  private sourceMapsRead: Promise<void> = Promise.resolve();
  /** With source maps read: holds each script with a map until its breakpoints are bound, while one is placed nowhere. */
  private sourceMapPause: SourceMapPause | undefined;
  private intent: Intent = { kind: 'run' };
  private paused: PausedState | undefined;
  /** The entity operation the current pause is in, from its onPaused to its stop. */
  private entityAtPause: EntityOperationView | undefined;
  private readonly threads = new InstanceThreads((change, thread) => this.emit('thread', change, thread));
  private runsWithoutDebugging = false;
  /** Resolves once the inspector is set up in the host (rejects if the host failed to start). */
  private ready: Promise<void> = Promise.resolve();
  private readonly stops: StopContext[] = [];
  /** Whether the last stop is where a checkpoint landed (the start of a segment), not in the middle of one. */
  private stoppedAtCheckpoint = false;
  /** The user line of the last stop: a durable step over that resumes on the same line steps once more. */
  private lastUserLine: { scriptId: string; lineNumber: number } | undefined;
  private exitCode = 0;
  /** Whether the host holds a pause request of the user's that no stop has answered yet. */
  private hostPauseRequested = false;
  /** What the session was launched with, and the breakpoints and filters it set: a restart sets them again. */
  private launchOptions: LaunchOptions | undefined;
  private readonly breakpointRequests = new Map<string, BreakpointRequest[]>();
  private exceptionFilterNames: string[] = [];
  /** Set while a restart stops the host: its exit does not end the session. */
  private relaunching = false;
  /** The session's store and the address of its HTTP management API, once the host has opened them. */
  private storeReport: { path: string; apiUrl?: string } | undefined;
  /** Unfinished instances of the store this launch continues: their first stop says so. */
  private readonly continuing = new Set<string>();
  /** Whether the host has a durable step (or a step back's landing) armed, which the next stop must disarm. */
  private hostStepArmed = false;
  private exceptionFilters: ReadonlySet<string> = new Set();
  /** The thread of the last stop: the only one with frames while stopped (the others wait at an `await`). */
  private stoppedThreadId: number | undefined;
  /** Set when the session attached to a serving process instead of launching one. */
  private attachedTo: AttachOptions | undefined;
  /** Set while an attached session disconnects: the connection's end is expected. */
  private detaching = false;
  private readonly functionBreakpoints = new FunctionBreakpoints((update) => this.emit('breakpoint', update));
  /** Whether the host has been told to run the app; before, an error it reports is why the launch fails. */
  private appStarted = false;
  private launchFailure: string | undefined;
  /** The launch's configuration, which reaches the host with the go. */
  private hostConfig: HostConfig | undefined;
  /** How the launch's host was started: the host kept for the next launch starts so too. */
  private hostStart: HostStart | undefined;

  /**
   * `node`: what runs the app when the launch names no `runtimeExecutable` (this process's Node by default);
   * `warmHosts`: where an adapter that outlives its sessions keeps a host started for the next launch.
   */
  constructor(
    private readonly node?: NodeCommand,
    private readonly warmHosts?: WarmHosts,
  ) {
    super();
  }

  private get breakpoints(): BreakpointManager {
    if (!this.breakpointManager) throw new ReplayDebugError('The debuggee is not running.');
    return this.breakpointManager;
  }

  /** Starts the host, which waits with the app not loaded yet; it runs once `run()` is called, after the configuration. */
  async launch(options: LaunchOptions): Promise<void> {
    mark('adapter: launch request');
    this.launchOptions = options;
    if (options.program === undefined || options.program === null) throw new ReplayDebugError('The launch configuration needs "program": the app module (.ts or .js) that registers the orchestrations.');
    const problem = launchConfigurationProblem(options);
    if (problem) throw new ReplayDebugError(problem);
    const { program, cwd } = launchPaths(options);
    if (!fs.existsSync(program)) throw new ReplayDebugError(`Cannot find the program ${program}: "program" must name the app module that registers the orchestrations.`);
    const outFiles = options.outFiles ?? defaultOutFiles(cwd);
    const historyBreakpoints = options.historyBreakpoints ?? [];
    historyBreakpoints.forEach((breakpoint, index) => {
      const problem = historyBreakpointProblem(breakpoint);
      if (problem) throw new ReplayDebugError(`History breakpoint ${index + 1} of the launch configuration (${JSON.stringify(breakpoint)}): ${problem}.`);
    });
    const start = hostStartFor(options, this.node);
    const { runtimeDir, entry } = start;
    const config: HostConfig = {
      program,
      runtimeDir,
      orchestration: options.orchestration,
      input: options.input,
      instanceId: options.instanceId,
      // A PostgreSQL URL names a database, not a file relative to the folder.
      store: options.store && !isPostgresUrl(options.store) ? path.resolve(cwd, options.store) : options.store,
      timeSkipping: options.timeSkipping ?? true,
      replayEveryTurn: options.replayEveryTurn ?? true,
      stopOnEntry: options.stopOnEntry ?? false,
      historyBreakpoints,
      replay: options.replay && { ...options.replay, historyFile: options.replay.historyFile && path.resolve(cwd, options.replay.historyFile) },
      noDebug: options.noDebug ?? false,
    };
    this.runsWithoutDebugging = config.noDebug;
    this.hostConfig = config;
    this.hostStart = start;
    mark('adapter: host starting');
    const warm = config.noDebug ? undefined : this.warmHosts?.take(start);
    if (warm) mark('adapter: warm host taken');
    const host = warm?.host ?? new HostProcess(entry, config, { cwd, env: start.env, nodePath: start.nodePath, inspector: !config.noDebug });
    this.host = host;
    host.on('output', (category, text) => this.emit('output', category, text));
    host.on('report', (report) => this.onReport(report));
    host.on('exit', (code) => this.onHostExit(code));
    host.release();
    // Known without debugging too: the debug console shows failures with the user's frames only.
    this.scripts = new ScriptRegistry(hostBlackboxPatterns(start));
    // Without debugging the app runs at once: nothing to set up, and nothing waits for the configuration.
    if (config.noDebug) return Promise.race([host.failed, host.spawned]);
    // A kept host's inspector was enabled while it waited: what it reported since is told now, to the session's listeners.
    const cdp = warm?.cdp ?? new CdpClient(host.inspectorChannel);
    this.inspect(cdp, { sourceMaps: options.sourceMaps !== false, outFiles, cwd });
    cdp.release();
    // Not awaited here: the client sets its breakpoints while the host starts (the requests queue on the pipe, behind
    // these), and the go waits for them.
    this.ready = Promise.race([host.failed, warm?.inspectorEnabled ?? enableInspector(cdp, this.scripts.blackboxPatterns)]).then(() => mark('adapter: inspector ready'));
    this.ready.catch(() => {});
    await Promise.race([host.failed, host.spawned]);
  }

  /** Follows the debuggee's inspector: its scripts and their source maps, its pauses, its breakpoints binding. */
  private inspect(cdp: CdpClient, maps: { sourceMaps: boolean; outFiles: string[]; cwd: string }): void {
    this.cdp = cdp;
    const sourceMaps = new SourceMaps();
    this.sourceMaps = sourceMaps;
    // Read while the host starts; the breakpoints the configuration sets wait for it.
    this.sourceMapsRead =
      !maps.sourceMaps
        ? Promise.resolve()
        : sourceMaps.prescan(maps.outFiles, maps.cwd).catch((error: Error) => {
              this.emit('output', 'stderr', `Could not read the source maps of "outFiles": ${error.message}\n`);
            });
    this.breakpointManager = new BreakpointManager(cdp, sourceMaps);
    const breakpoints = this.breakpointManager;
    this.sourceMapPause = maps.sourceMaps ? new SourceMapPause(cdp, () => breakpoints.anyUnplaced(), this.scripts!.userJavaScriptUrlRegex) : undefined;
    cdp.on('Debugger.scriptParsed', (script: { scriptId: string; url: string; sourceMapURL?: string }) => {
      this.scripts!.add(script.scriptId, script.url);
      // Scripts without a URL (Node's primordials, evaluations) match no pattern: blackboxed whole, stepping skips them.
      if (!script.url) cdp.send('Debugger.setBlackboxedRanges', { scriptId: script.scriptId, positions: [{ lineNumber: 0, columnNumber: 0 }] }).catch(() => {});
      // A compiled script of the app's (tsc with "sourceMap"): its map is read, and the breakpoints of its sources
      // bind in it before it runs (the source map pause holds it until then).
      if (!script.sourceMapURL || !maps.sourceMaps || !this.scripts!.isUserCode(script.scriptId)) return;
      const mapped = sourceMaps.load(script.scriptId, script.url, script.sourceMapURL);
      if (!mapped) return;
      const bound = breakpoints
        .scriptMapped(mapped)
        .then((updates) => updates.forEach((update) => this.emit('breakpoint', update)))
        .catch((error) => this.onInternalError(error));
      this.sourceMapPause?.binding(script.scriptId, bound);
    });
    cdp.on('Debugger.paused', (event: PausedEvent) => {
      // A script held before it runs until its breakpoints are bound is no stop of the user's.
      const held = this.sourceMapPause?.heldScript(event);
      const paused = held !== undefined ? this.sourceMapPause!.paused(held) : this.onPaused(event);
      paused?.catch((error) => this.onInternalError(error));
    });
    cdp.on('Debugger.breakpointResolved', (event: { breakpointId: string; location: { scriptId: string; lineNumber: number; columnNumber?: number } }) => {
      const update = this.breakpointManager!.resolved(event.breakpointId, event.location);
      if (update) this.emit('breakpoint', update);
    });
  }

  /**
   * Attaches to a running `durable-ts serve --debug`: its debug port's `Durable.attach` request (the process's
   * versioned debugging interface) loads the debugger's replay state into it, so breakpoints, the Orchestration and
   * History scopes, durable stepping and exception stops work on what it runs. It goes on serving when the session ends.
   */
  async attach(options: AttachOptions): Promise<void> {
    this.attachedTo = options;
    const problem = attachConfigurationProblem(options);
    if (problem) throw new ReplayDebugError(problem);
    const port = options.port ?? DEFAULT_DEBUG_PORT;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ReplayDebugError(`"port" must be the debug port of a durable-ts serve --debug, got ${JSON.stringify(options.port)}.`);
    const attachModule = resolveAttachModule();
    if (!fs.existsSync(attachModule)) throw new ReplayDebugError(`The debugger's ${attachModule} is missing: build it with npm run build:extension.`);
    let socket;
    try {
      socket = await connectToServe(port);
    } catch (error) {
      throw new ReplayDebugError((error as Error).message);
    }
    const cdp = new CdpClient(socket);
    this.cdp = cdp;
    cdp.on('Runtime.bindingCalled', (call: { name: string; payload: string }) => {
      if (call.name === ATTACH_REPORT_BINDING) this.onReport(JSON.parse(call.payload) as HostReport);
    });
    cdp.on('close', () => {
      if (!this.detaching) this.emit('output', 'stderr', 'The durable-ts serve process closed the connection (it stopped?).\n');
      this.emit('exited', 0);
    });
    await cdp.send('Runtime.enable');
    // The debugger's module reports through it from its first line on.
    await cdp.send('Runtime.addBinding', { name: ATTACH_REPORT_BINDING });
    const request: DebuggeeRequests[typeof ATTACH_METHOD]['params'] = { debugger: attachModule };
    let debuggee: DebuggeeRequests[typeof ATTACH_METHOD]['result'];
    try {
      debuggee = await cdp.send(ATTACH_METHOD, request);
    } catch (error) {
      cdp.close();
      throw new ReplayDebugError(`The durable-ts serve on port ${port} refused the attach: ${error instanceof CdpError ? error.reason : (error as Error).message}`);
    }
    const cwd = options.cwd ?? path.dirname(debuggee.program);
    this.scripts = new ScriptRegistry(ScriptRegistry.blackboxPatternsFor([path.join(debuggee.runtimeDir, path.sep), attachModule]));
    this.inspect(cdp, { sourceMaps: options.sourceMaps !== false, outFiles: options.outFiles ?? defaultOutFiles(cwd), cwd });
    await Promise.all([
      cdp.send('Debugger.enable', { maxScriptsCacheSize: 0 }),
      cdp.send('Debugger.setBlackboxPatterns', { patterns: this.scripts.blackboxPatterns }),
    ]);
    await this.sourceMapPause?.allow();
    this.emit('output', 'console', `Attached to durable-ts serve (process ${debuggee.pid}) running ${debuggee.program}. Disconnecting leaves it serving.\n`);
  }

  /** The configuration is done: let the host run. */
  async run(): Promise<void> {
    // A process attached to runs already.
    if (this.attachedTo) return;
    try {
      await this.ready;
    } catch (error) {
      // The host could not get as far as running the app (the app's durable-ts is another version, say): the launch fails with its reason.
      throw new ReplayDebugError(this.launchFailure ?? (error as Error).message);
    }
    const cdp = this.cdp;
    try {
      // The runtime has loaded, and what loads from now on is the app's.
      await this.sourceMapPause?.allow();
      // Before the app runs: exceptions thrown while it loads stop too.
      await cdp?.send('Debugger.setPauseOnExceptions', { state: pauseOnExceptionsState(this.exceptionFilters) });
      mark('adapter: run');
      await cdp?.send(RUN_METHOD, { breakOn: breakOnFor(this.exceptionFilters), functionBreakpoints: this.functionBreakpoints.forHost(), launch: this.hostConfig! } satisfies HostGo);
    } catch (error) {
      if (!cdp?.isClosed) throw error;
      // The host ended without taking the go: it failed before it could run the app (its runtime did not load, say),
      // and the report it wrote before it exited says why.
      await this.host?.failed.catch(() => {});
      if (this.launchFailure) throw new ReplayDebugError(this.launchFailure);
    }
    this.appStarted = true;
  }

  /** Binds a file's breakpoints; a run without debugging binds none, and says why. */
  async setBreakpoints(file: string, requested: BreakpointRequest[]): Promise<BreakpointAnswer[]> {
    this.breakpointRequests.set(file, requested);
    if (this.runsWithoutDebugging) {
      return requested.map((breakpoint) => ({ verified: false, line: breakpoint.line, message: 'Running without debugging: breakpoints are not bound.' }));
    }
    await this.sourceMapsRead;
    return this.unlessHostFailed(
      async () => {
        const answers = await this.breakpoints.set(file, requested);
        await this.sourceMapPause?.update();
        return answers;
      },
      () => requested.map((breakpoint) => ({ verified: false, line: breakpoint.line, message: 'The app did not start.' })),
    );
  }

  /**
   * A configuration request to a host that ended before it ran the app (its durable-ts is another version, say)
   * is answered quietly: the launch fails with the host's reason, which says more than "the debuggee is gone".
   */
  private async unlessHostFailed<T>(work: () => Promise<T>, otherwise: () => T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.appStarted || !this.cdp?.isClosed) throw error;
      return otherwise();
    }
  }

  /** A launch whose host waits for the go: what the configuration sets goes with it. */
  private get configuringLaunch(): boolean {
    return this.host !== undefined && !this.attachedTo && !this.appStarted;
  }

  /** Function breakpoints on activity and orchestration names (`Charge`, `Charge scheduled`). */
  async setFunctionBreakpoints(texts: string[]): Promise<FunctionBreakpointAnswer[]> {
    if (this.runsWithoutDebugging) return texts.map(() => ({ verified: false, message: 'Running without debugging: breakpoints are not bound.' }));
    const answers = this.functionBreakpoints.set(texts);
    // Before the go, the go carries them: the configuration does not wait for a host that is still starting.
    if (this.configuringLaunch) return answers;
    await this.unlessHostFailed(() => this.sendFunctionBreakpoints(), () => undefined);
    return answers;
  }

  private async sendFunctionBreakpoints(): Promise<void> {
    // Before the app has loaded, the host keeps them for its replay state to take over.
    await this.callHost({ method: 'configure', functionBreakpoints: this.functionBreakpoints.forHost() });
  }

  async setExceptionFilters(filters: string[]): Promise<void> {
    this.exceptionFilterNames = filters;
    if (this.runsWithoutDebugging) return;
    this.exceptionFilters = new Set(filters);
    // Before the go, the go carries them (see run).
    if (this.configuringLaunch) return;
    const breakOn = breakOnFor(this.exceptionFilters);
    const cdp = this.requireCdp();
    await this.unlessHostFailed(async () => {
      // Before the app has loaded, the host keeps the filters for its replay state to take over.
      await this.callHost({ method: 'configure', breakOn });
      // Exceptions thrown and caught in blackboxed code (the runtime, sql.js, Node) do not pause V8 at all.
      await cdp.send('Debugger.setPauseOnExceptions', { state: pauseOnExceptionsState(this.exceptionFilters) });
    }, () => undefined);
  }

  // ---- execution control ----

  async continue(): Promise<void> {
    this.intent = { kind: 'run' };
    await this.resume();
  }

  /** A step over that crosses the end of a turn lands on the next line when the orchestration resumes. */
  async next(): Promise<void> {
    await this.durableStep('Debugger.stepOver');
  }

  /**
   * A step into an awaited durable call enters the activity the call starts, when it runs (a live turn); when its
   * result is replayed from history it is a durable step over, and the stop says why.
   */
  async stepIn(): Promise<void> {
    await this.durableStep('Debugger.stepInto');
  }

  /**
   * Out of an activity, back into the orchestrator where its result arrives; out of a sub-orchestration's own
   * function, into the parent where its result arrives; elsewhere, out of the function.
   */
  async stepOut(): Promise<void> {
    const context = this.paused?.context;
    if (context?.activity) {
      // Not V8's step out, which would stop in whatever code runs next: the host stops where the result arrives.
      await this.callHost({ method: 'armStep', instanceId: context.instanceId, position: context.position, into: false });
      this.hostStepArmed = true;
      this.intent = { kind: 'run' };
      return this.resume();
    }
    if (context && this.frames().length <= 1 && (await this.callHost({ method: 'armStepOut', instanceId: context.instanceId, position: context.position }))) {
      // The host stops where the parent resumes; breakpoints in the child still stop on the way.
      this.hostStepArmed = true;
      this.intent = { kind: 'run' };
      return this.resume();
    }
    this.intent = { kind: 'step', command: 'Debugger.stepOut' };
    await this.resume('Debugger.stepOut');
  }

  /**
   * V8 drops a `Debugger.pause` that finds only blackboxed frames running (the host, the runtime, Node), as while the
   * host loads the app right after the launch, and says nothing. So the host is asked too: it stops where the
   * orchestration or an activity takes its next step, whatever runs when the request arrives. `Debugger.pause` still
   * stops user code that takes no durable step (a loop in an activity).
   */
  async pause(): Promise<void> {
    this.intent = { kind: 'pause' };
    this.hostPauseRequested = true;
    await this.requestHostPause(true);
    await this.requireCdp().send('Debugger.pause');
  }

  /** Back to the previous checkpoint: the history replayed up to it in a throwaway executor; no activity runs. */
  async stepBack(): Promise<void> {
    const context = this.requireOrchestrationStop('Step back');
    const fromSegmentStart = this.stoppedAtCheckpoint;
    const checkpoint = await this.callHost({ method: 'travelBack', fromSegmentStart });
    this.hostStepArmed = true;
    this.intent = { kind: 'travel', then: 'land', back: { position: context.position, checkpoint, fromSegmentStart } };
    await this.resume();
  }

  /** Back to the segment of the previous stop in this instance, then on to its breakpoint; else to the start. */
  async reverseContinue(): Promise<void> {
    const context = this.requireOrchestrationStop('Reverse continue');
    const earlier = [...this.stops]
      .reverse()
      .find((stop) => stop.instanceId === context.instanceId && !stop.activity && stop.position < context.position);
    const checkpoint = earlier
      ? await this.callHost({ method: 'segmentStart', instanceId: context.instanceId, position: earlier.position })
      : 0;
    // A stop in code that ran live (a condition such as `!ctx.isReplaying` made it) is found again only if the copy
    // runs that code as live too: from the start of the turn it ran in.
    const liveFrom = earlier && !earlier.replaying ? turnStart(await this.history(context.instanceId), earlier.position) : undefined;
    await this.callHost({ method: 'travel', instanceId: context.instanceId, checkpoint, liveFrom });
    this.intent = { kind: 'travel', then: earlier ? 'runToBreakpoint' : 'land' };
    await this.resume();
  }

  /**
   * Stops the host so that nothing it recorded is lost: a paused host runs again (nothing stops it on the way out),
   * makes its store durable and exits; only a host that does not exit in time is killed.
   */
  async terminate(): Promise<void> {
    if (this.attachedTo) return this.detach();
    const host = this.host;
    if (!host || host.exited) return;
    if (this.cdp && !this.cdp.isClosed) {
      // Before a paused host runs again: the code it resumes must not start the next activity (a relaunch would
      // find its result recorded and never stop before it).
      if (this.appStarted) await this.callHost({ method: 'stopWork' }).catch(() => {});
      await this.cdp.send('Debugger.disable').catch(() => {});
    }
    this.paused = undefined;
    if (await host.stop(STOP_GRACE_MS)) {
      this.emit('output', 'stderr', `The app did not stop within ${STOP_GRACE_MS / 1000} s of the request (code that never yields?), so it was killed. What it had made durable before is in the store.\n`);
    }
  }

  /**
   * Leaves an attached process as it was (the user's functions, nothing paused, nothing held) and serving: its
   * debug port takes another session later.
   */
  private async detach(): Promise<void> {
    const cdp = this.cdp;
    if (!cdp || cdp.isClosed) return;
    this.detaching = true;
    this.paused = undefined;
    // The process resumes a paused app, and nothing pauses it after.
    await cdp.send(DETACH_METHOD).catch(() => {});
    const closed = new Promise<void>((resolve) => cdp.once('close', resolve));
    cdp.close();
    await closed;
  }

  /**
   * Stops the host as Stop does and launches it again with the same breakpoints and filters (with `options`, the
   * client's latest configuration, when given): a launch that names an unfinished instance continues it.
   */
  async restart(options?: LaunchOptions): Promise<void> {
    if (this.attachedTo) throw new ReplayDebugError('An attached session cannot be restarted: the process it is attached to runs on. Disconnect and attach again.');
    const relaunch = options ?? this.launchOptions;
    if (!relaunch) throw new ReplayDebugError('There is no launch to restart yet.');
    this.relaunching = true;
    try {
      await this.terminate();
    } finally {
      this.relaunching = false;
    }
    this.threads.clear();
    this.stops.length = 0;
    this.continuing.clear();
    this.intent = { kind: 'run' };
    this.hostPauseRequested = false;
    this.appStarted = false;
    this.launchFailure = undefined;
    await this.launch(relaunch);
    for (const [file, requested] of [...this.breakpointRequests]) {
      for (const answer of await this.setBreakpoints(file, requested)) {
        if (answer.id !== undefined) this.emit('breakpoint', { id: answer.id, verified: answer.verified, line: answer.line });
      }
    }
    // The exception filters and function breakpoints go with the go.
    await this.setExceptionFilters(this.exceptionFilterNames);
    await this.run();
  }

  /**
   * Raises an external event on an instance of the session, through the HTTP API the host serves. A host that
   * stops (at a breakpoint the event leads to) before it answers has taken the event: waiting for its answer would
   * wait for the user to continue.
   */
  async raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    const apiUrl = this.storeReport?.apiUrl;
    if (!apiUrl || !this.cdp || this.cdp.isClosed) throw new ReplayDebugError('The app is not running (yet): there is no instance to raise an event on.');
    let onStopped!: () => void;
    const stopped = new Promise<void>((resolve) => this.once('stopped', (onStopped = () => resolve())));
    const raised = new RemoteClient(apiUrl).raiseEvent(instanceId, eventName, data);
    raised.catch(() => {}); // answered after a stop: nobody waits for it any more
    try {
      await Promise.race([raised, stopped]);
    } finally {
      this.off('stopped', onStopped);
    }
  }

  /** The instances the session runs, with the events they wait for. */
  instances(): RunningInstance[] {
    return this.threads.instances();
  }

  /** The session's store (once the host has opened it) and where it serves the HTTP management API. */
  get store(): { path: string; apiUrl?: string } | undefined {
    return this.storeReport;
  }

  // ---- what a stop shows ----

  threadList(): Thread[] {
    return this.threads.list();
  }

  /**
   * The frames of the stop, user code only (unless the stop has no user frame at all). Only the stopped thread has
   * any: every other instance is suspended at an `await`, with nothing on the stack.
   */
  frames(threadId?: number): { index: number; frame: CallFrame; path: string | undefined; shown: { lineNumber: number; columnNumber: number } }[] {
    const paused = this.paused;
    if (!paused || (threadId !== undefined && threadId !== this.stoppedThreadId)) return [];
    const scripts = this.scripts!;
    const all = paused.callFrames.map((frame, index) => {
      const { scriptId, lineNumber, columnNumber = 0 } = frame.location;
      // A frame of compiled code shows the source line it was compiled from.
      const original = this.sourceMaps?.original(scriptId, lineNumber, columnNumber);
      return { index, frame, path: original?.path ?? scripts.path(scriptId), shown: original ?? { lineNumber, columnNumber } };
    });
    const user = all.filter(({ frame }) => scripts.isUserCode(frame.location.scriptId));
    return user.length ? user : all.filter(({ frame }) => !scripts.isPausePoint(frame.location.scriptId));
  }

  /**
   * While another instance is stopped, what an instance's thread shows: its orchestrator suspended at the `await`
   * of the call it waits on (a paused child's parent at its callSubOrchestration), named after what it waits for.
   * A suspended async function has no frame for V8 to inspect, so it has no locals.
   */
  async waitingFrame(threadId: number): Promise<WaitingFrame | undefined> {
    if (!this.paused || threadId === this.stoppedThreadId) return undefined;
    const instance = this.threads.instanceOf(threadId);
    if (!instance) return undefined;
    const waiting = await this.callHost({ method: 'waitingAt', instanceId: instance.instanceId });
    if (!waiting) return undefined;
    const site = waiting.callStack
      ? this.inSources(waiting.callStack)
          .split('\n')
          .map(stackFrameLocation)
          .find((location) => location !== undefined && this.isUserFile(location.file))
      : undefined;
    const what = waiting.waitingFor.length ? `waiting for ${waiting.waitingFor.join(', ')}` : 'waiting';
    return {
      name: `${instance.name} ${instance.instanceId} — ${what}`,
      path: site && (site.file.startsWith('file://') ? fileURLToPath(site.file) : site.file),
      line: site?.line,
      column: site?.column,
    };
  }

  callFrame(index: number): CallFrame | undefined {
    return this.paused?.callFrames[index];
  }

  get stopContext(): StopContext | undefined {
    return this.paused?.context;
  }

  /** The entity operation the stop is in, if it is in one. */
  get entityOperation(): EntityOperationView | undefined {
    return this.paused?.entity;
  }

  get exception(): ExceptionDetails | undefined {
    return this.paused?.exception;
  }

  async history(instanceId: string): Promise<readonly HistoryEvent[]> {
    return (await this.callHost({ method: 'history', instanceId })) ?? [];
  }

  /** `inherited`: the prototype chain's properties too (what completions offer). */
  async properties(objectId: string, inherited = false): Promise<PropertyDescriptor[]> {
    const { result } = await this.requireCdp().send<{ result: PropertyDescriptor[] }>('Runtime.getProperties', { objectId, ownProperties: !inherited });
    return result;
  }

  /** Gives a variable of a frame's scope (by its index in the frame's scope chain) a new value. */
  async setScopeVariable(frameIndex: number, scopeNumber: number, name: string, value: RemoteObject): Promise<void> {
    const frame = this.callFrame(frameIndex);
    if (!frame) throw new ReplayDebugError('The frame is gone: the debuggee ran on.');
    await this.requireCdp().send('Debugger.setVariableValue', { scopeNumber, variableName: name, newValue: callArgument(value), callFrameId: frame.callFrameId });
  }

  /** Sets a property of an object of the debuggee and answers the value it holds then. */
  async setProperty(objectId: string, name: string, value: RemoteObject): Promise<RemoteObject> {
    const response = await this.requireCdp().send<EvaluateResult>('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: 'function (name, value) { this[name] = value; return this[name]; }',
      arguments: [{ value: name }, callArgument(value)],
    });
    if (response.exceptionDetails) throw new ReplayDebugError(response.result.description ?? response.exceptionDetails.text);
    return response.result;
  }

  /** The user's source files the debuggee has loaded (the Loaded Scripts view). */
  loadedSources(): string[] {
    // A compiled file is listed as the sources it was compiled from.
    const files = (this.scripts?.userPaths() ?? []).filter((file) => !this.sourceMaps?.isCompiledFile(file));
    return [...new Set([...files, ...(this.sourceMaps?.sourcePaths() ?? [])])];
  }

  /** Evaluates in the given frame while stopped, else in the debuggee's global scope. */
  async evaluate(expression: string, frameIndex: number | undefined): Promise<RemoteObject> {
    const cdp = this.requireCdp();
    const frame = frameIndex !== undefined ? this.callFrame(frameIndex) : this.frames()[0]?.frame;
    const response = frame
      ? await cdp.send<EvaluateResult>('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression, generatePreview: false })
      : await cdp.send<EvaluateResult>('Runtime.evaluate', { expression });
    if (response.exceptionDetails) {
      throw new ReplayDebugError(response.result.description ?? response.exceptionDetails.exception?.description ?? response.exceptionDetails.text);
    }
    return response.result;
  }

  // ---- pauses ----

  private async onPaused(event: PausedEvent): Promise<void> {
    const scripts = this.scripts!;
    const top = event.callFrames[0];
    const intent = this.intent;
    // The step from the pause point's `debugger` statement to its end, on the way to where the host's stop lands:
    // nothing has happened since the host said why it stopped.
    if (intent.kind === 'land' && scripts.isPausePoint(top.location.scriptId) && top.location.lineNumber !== PAUSE_POINT_LINE) return this.resume('Debugger.stepInto');
    const [entity, described] = await this.callHostTwice({ method: 'entityOperation' }, { method: 'describe' });
    // Entity code runs outside any orchestration: what the host last described is not where it stopped.
    this.entityAtPause = entity;
    const context = entity ? undefined : described;

    if (scripts.isPausePoint(top.location.scriptId) && context?.pause) {
      const { reason, text, details } = context.pause;
      if (reason === 'entry' || reason === 'checkpoint') {
        if (intent.kind === 'travel' && intent.then === 'runToBreakpoint') {
          this.intent = { kind: 'reverse' };
          return this.resume();
        }
        const label = reason === 'entry' ? 'entry' : text === 'step back' || text === 'pause' || text === 'function breakpoint' ? text : 'step';
        const back = intent.kind === 'travel' || intent.kind === 'land' ? intent.back : undefined;
        this.intent = { kind: 'land', label, note: context.pause.note, fromLine: label === 'step' ? this.lastUserLine : undefined, steps: 0, at: originOf(context), back };
        return this.resume('Debugger.stepInto');
      }
      if (reason === 'historyEvent') {
        if (!context.pause.resumes) return this.stop(event, context, 'breakpoint', text, undefined, context.pause.note);
        // A result: the stop is where the code resumes with it. Until it lands the host keeps it: a run that ends
        // without resuming with it (a retried attempt) has the host stop at its call instead.
        this.intent = { kind: 'land', label: 'history breakpoint', text, steps: 0, at: originOf(context) };
        this.hostStepArmed = true;
        return this.resume('Debugger.stepInto');
      }
      if (reason === 'taskFailed') {
        // The failure is thrown where the orchestrator resumes: into the `catch` the next step reaches.
        const exception = { id: 'caught', description: text, details };
        this.intent = { kind: 'land', label: 'exception', steps: 0, at: originOf(context), exception };
        return this.resume('Debugger.stepInto');
      }
      // The call stack shows user frames only: its top is the orchestrator's line that makes the call.
      if (reason === 'scheduled') return this.stop(event, context, 'function breakpoint', text);
      return this.stop(event, context, 'exception', EXCEPTION_LABELS[reason], { id: reason, description: text, details });
    }
    if (event.reason === 'exception' || event.reason === 'promiseRejection') return this.onException(event, context);
    if (event.hitBreakpoints?.length && intent.kind !== 'land') {
      if (!this.breakpoints.shouldStop(event.hitBreakpoints)) return this.resume();
      return this.stop(event, context, 'breakpoint', intent.kind === 'reverse' && context?.travelling ? 'reverse continue' : 'breakpoint');
    }
    if (intent.kind === 'land') {
      if (!scripts.isUserCode(top.location.scriptId) && intent.steps < MAX_LANDING_STEPS) {
        // The checkpoint resumed no orchestrator code, and something else runs (the store's wasm, say): for a
        // durable step the host stops again at the next checkpoint; out of wasm, V8 steps instruction by instruction.
        if (intent.label === 'step') return this.resume();
        intent.steps++;
        return this.resume(scripts.url(top.location.scriptId).startsWith('wasm:') ? 'Debugger.stepOut' : 'Debugger.stepInto');
      }
      if (intent.label !== 'entry' && intent.label !== 'pause' && intent.at && !isLanding(context, intent.at)) {
        // Code that ran before the orchestration resumed (an activity, another instance, the replay of code already
        // seen): the host stops again at the next checkpoint of the step's instance.
        return this.resume();
      }
      if (intent.back && context && (await this.goFurtherBack(context, intent.back))) return;
      const from = intent.fromLine;
      if (intent.label === 'step' && from && from.scriptId === top.location.scriptId && from.lineNumber === top.location.lineNumber) {
        // Resumed at the `await` the user stepped over: one more step reaches the line after it.
        intent.fromLine = undefined;
        return this.resume('Debugger.stepOver');
      }
      if (intent.exception) return this.stop(event, context, 'exception', EXCEPTION_LABELS.caught, intent.exception);
      if (intent.label === 'history breakpoint') return this.stop(event, context, 'breakpoint', intent.text ?? intent.label);
      const reason = intent.label === 'entry' || intent.label === 'pause' || intent.label === 'function breakpoint' ? intent.label : 'step';
      return this.stop(event, context, reason, intent.label, undefined, intent.note);
    }
    if (intent.kind === 'step') {
      if (!scripts.isUserCode(top.location.scriptId)) {
        // Stepped out of the last user frame into the runtime: as with skipped files, run on (to where the host
        // stops a durable step, if one is armed).
        if (!intent.origin) this.intent = { kind: 'run' };
        return this.resume();
      }
      if (intent.origin && !isLanding(context, intent.origin) && !isNextActivity(context, intent.origin)) {
        // V8's own step ran on into code that is not the step's (another instance, an activity, the next replay):
        // the host stops where the step really lands.
        return this.resume();
      }
      return this.stop(event, context, 'step', 'step');
    }
    if (intent.kind === 'pause' && !scripts.isUserCode(top.location.scriptId)) {
      // Paused inside the runtime, Node or wasm: the host's pause request stops instead where the orchestration (or
      // an activity) takes its next step, so the stop is in user code with scopes that mean something.
      return this.resume();
    }
    return this.stop(event, context, 'pause', intent.kind === 'pause' ? 'pause' : 'debugger statement');
  }

  /** An exception V8 paused on: a stop when the user's filters ask for its kind, else on with what was going on. */
  private async onException(event: PausedEvent, context: StopContext | undefined): Promise<void> {
    const top = event.callFrames[0];
    const kind = this.scripts!.isUserCode(top.location.scriptId)
      ? classifyException(event, context, event.reason === 'promiseRejection' && sameFunction(top, await this.currentUserFunctionLocation()))
      : undefined;
    if (!kind || !wantsExceptionStop(kind, this.exceptionFilters)) {
      // A step in progress goes on from the throw (into the `catch`, say); anything else just runs on.
      return this.resume(this.intent.kind === 'step' ? this.intent.command : 'Debugger.resume');
    }
    const description = exceptionText(kind, context, event.data);
    const stack = event.data?.description;
    return this.stop(event, context, 'exception', EXCEPTION_LABELS[kind], { id: kind, description, details: stack });
  }

  /**
   * A step back whose checkpoint resumed no code of the orchestrator (one result of a fan-in, a failed attempt that
   * was retried) lands where the code resumed later, no earlier than where it started: it goes back one more
   * checkpoint, until it lands earlier or reaches the start. Returns whether it went on.
   */
  private async goFurtherBack(context: StopContext, back: { position: number; checkpoint: number; fromSegmentStart: boolean }): Promise<boolean> {
    const resumedLater = context.position > back.checkpoint;
    const notEarlier = context.position > back.position || (back.fromSegmentStart && context.position === back.position);
    if (!resumedLater || !notEarlier || back.checkpoint === 0) return false;
    const checkpoint = previousCheckpoint(await this.history(context.instanceId), back.checkpoint);
    await this.callHost({ method: 'travel', instanceId: context.instanceId, checkpoint, landing: true });
    this.intent = { kind: 'travel', then: 'land', back: { ...back, checkpoint } };
    await this.resume();
    return true;
  }

  /** Where the user's activity or orchestrator function that the host runs now starts (cached per function). */
  private async currentUserFunctionLocation(): Promise<{ scriptId: string; lineNumber: number; columnNumber: number } | undefined> {
    const cdp = this.requireCdp();
    const { result } = await cdp.send<EvaluateResult>('Runtime.evaluate', { expression: named(hostCall({ method: 'currentUserFunction' })), silent: true, objectGroup: 'durable-exception' });
    if (!result.objectId) return undefined;
    try {
      const { internalProperties } = await cdp.send<{ internalProperties?: InternalPropertyDescriptor[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
      return internalProperties?.find((property) => property.name === '[[FunctionLocation]]')?.value?.value as { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'durable-exception' });
    }
  }

  private stop(event: PausedEvent, context: StopContext | undefined, reason: StopReason, label: string, exception?: ExceptionDetails, note?: string): void {
    if (exception?.details) exception = { ...exception, details: this.inSources(exception.details) };
    this.paused = { callFrames: event.callFrames, context, exception, entity: this.entityAtPause };
    if (this.hostStepArmed) {
      // Landed, or stopped before the durable step landed (a breakpoint, a failure): the host must not stop for it later.
      this.hostStepArmed = false;
      this.callHost({ method: 'disarmStep' }).catch((error) => this.onInternalError(error));
    }
    if (this.hostPauseRequested) {
      // Any stop answers the pause: when V8's own pause or a breakpoint came first, the host must not stop later.
      this.hostPauseRequested = false;
      this.requestHostPause(false).catch((error) => this.onInternalError(error));
    }
    this.stoppedAtCheckpoint = this.intent.kind === 'land';
    this.intent = { kind: 'run' };
    if (context) this.stops.push(context);
    if (context && this.continuing.delete(context.instanceId)) note = note ? `continuing the unfinished instance from the store, ${note}` : 'continuing the unfinished instance from the store';
    const userFrame = this.frames()[0]?.frame;
    this.lastUserLine = userFrame ? { scriptId: userFrame.location.scriptId, lineNumber: userFrame.location.lineNumber } : undefined;
    this.stoppedThreadId = context ? this.threads.threadFor(context.instanceId, context.name).id : MAIN_THREAD.id;
    mark('adapter: stopped event');
    this.emit('stopped', {
      reason,
      description: describeStop(label, context, note),
      threadId: this.stoppedThreadId,
      text: exception?.description,
    });
  }

  /**
   * A step that, should it leave the user's code (the `await` ends the turn, the activity returns), lands where the
   * orchestration resumes next.
   */
  private async durableStep(command: StepCommand): Promise<void> {
    const context = this.paused?.context;
    if (context) {
      const into = command === 'Debugger.stepInto';
      await this.callHost({ method: 'armStep', instanceId: context.instanceId, position: context.position, into });
      this.hostStepArmed = true;
    }
    this.intent = { kind: 'step', command, origin: context && originOf(context) };
    await this.resume(command);
  }

  private async resume(command: 'Debugger.resume' | StepCommand = 'Debugger.resume'): Promise<void> {
    this.paused = undefined;
    const cdp = this.requireCdp();
    try {
      await cdp.send(command);
    } catch (error) {
      // Resumed, the host ran to its end and exited before answering: the exit is reported on its own.
      if (!cdp.isClosed) throw error;
    }
  }

  // ---- host reports ----

  /** Frames of user files (not the host's, the runtime's, Node's or a dependency's), known once the host runs. */
  private readonly isUserFile = (file: string): boolean => this.scripts?.isUserFile(file) ?? true;

  private onReport(report: HostReport): void {
    switch (report.kind) {
      case 'instance':
        this.threads.threadFor(report.instanceId, report.name);
        break;
      case 'app':
        this.functionBreakpoints.appLoaded(report);
        break;
      case 'store':
        this.storeReport = { path: report.path, apiUrl: report.apiUrl };
        break;
      case 'continuing':
        this.continuing.add(report.instanceId);
        this.threads.threadFor(report.instanceId, report.name);
        this.emit('output', 'console', `Continuing ${report.name} ${report.instanceId} from the store ${this.storeReport?.path ?? ''}: it is ${report.status}, with ${report.historyLength} history events recorded. Its completed activities do not run again.\n`);
        break;
      case 'history':
        for (const event of report.events) {
          this.emit('output', 'console', this.inSources(`${report.name} ${report.instanceId} ${formatHistoryEvent(event, this.isUserFile)}\n`));
          this.threads.follow(report.instanceId, report.name, event);
        }
        if (report.waitingFor && this.threads.waitFor(report.instanceId, report.waitingFor) && report.waitingFor.length) {
          this.emit('output', 'console', waitingHint(report.instanceId, report.name, report.waitingFor, this.storeReport?.path));
        }
        break;
      case 'log':
        this.emit('output', 'console', `[${report.level}] ${report.text}\n`);
        break;
      case 'output':
        this.emit('output', 'console', report.text);
        break;
      case 'finished':
        this.threads.exited(report.instanceId);
        // A failure was printed with the history event that recorded it; printing it again would only repeat it.
        const failure = report.failure && report.status !== 'Failed' ? `: ${report.failure}` : '';
        this.emit('output', 'console', this.inSources(`${report.instanceId}: ${report.status}${report.output !== undefined ? ` → ${report.output}` : ''}${failure}\n`));
        break;
      case 'error':
        if (report.beforeRun) this.launchFailure = report.message;
        else this.emit('output', 'stderr', `${report.message}\n`);
        break;
    }
  }

  private onHostExit(code: number | null): void {
    this.cdp?.close();
    // The next launch (a restart's, or the user's next F5) finds its host started.
    if (this.hostStart) this.warmHosts?.prepare(this.hostStart);
    if (this.relaunching) return;
    this.exitCode = code ?? 1;
    this.emit('exited', this.exitCode);
  }

  private onInternalError(error: unknown): void {
    if (this.host?.exited || this.cdp?.isClosed) return;
    this.emit('output', 'stderr', `Durable debugger: ${error instanceof Error ? error.message : String(error)}\n`);
  }

  // ---- helpers ----

  /** A stack trace of compiled code with the places of its sources (`src/app.ts:12:5`, not `dist/app.js:9:3`). */
  private inSources(text: string): string {
    return this.sourceMaps?.mapStackText(text) ?? text;
  }

  private requireCdp(): CdpClient {
    if (this.runsWithoutDebugging) throw new ReplayDebugError('This session runs without debugging: it cannot pause, step or inspect the app.');
    if (!this.cdp) throw new ReplayDebugError('The debuggee is not running.');
    return this.cdp;
  }

  private requireOrchestrationStop(what: string): StopContext {
    const context = this.paused?.context;
    if (!context || context.activity) throw new ReplayDebugError(`${what} needs a stop in orchestrator code: it moves through the orchestration's history.`);
    return context;
  }

  /** Before the app has loaded there is no state yet: the host keeps the request for the state to take it over. */
  private async requestHostPause(requested: boolean): Promise<void> {
    await this.callHost({ method: 'configure', pendingPause: requested });
  }

  /** Evaluates a call in the debuggee's global scope and answers its value. */
  private async callDebuggee<T>(expression: string): Promise<T> {
    const response = await this.requireCdp().send<EvaluateResult>('Runtime.evaluate', { expression: named(expression), returnByValue: true, silent: true });
    if (response.exceptionDetails) throw new ReplayDebugError(response.result.description ?? response.exceptionDetails.text);
    return response.result.value as T;
  }

  /**
   * Hands the host a request and answers its reply, by value. A paused host answers nothing but the inspector, and
   * its global is reachable from whatever frame it paused in (even wasm), so this evaluates in the global scope.
   */
  private callHost<M extends HostMethod>(request: HostRequestOf<M>): Promise<HostAnswers[M]> {
    return this.callDebuggee<HostAnswers[M]>(hostCall(request));
  }

  /** Two requests in one round trip to the host, answered in order (a pause asks two things before anything else). */
  private callHostTwice<A extends HostMethod, B extends HostMethod>(first: HostRequestOf<A>, second: HostRequestOf<B>): Promise<[HostAnswers[A], HostAnswers[B]]> {
    return this.callDebuggee<[HostAnswers[A], HostAnswers[B]]>(`[${hostCall(first)}, ${hostCall(second)}]`);
  }
}

/**
 * The adapter's own evaluation, named so that the blackbox patterns cover the script V8 makes of it: a script with
 * no URL would need a round trip of its own to be blackboxed (see inspect).
 */
function named(expression: string): string {
  return `${expression}\n//# sourceURL=${HOST_CALL_URL}`;
}

/** The one expression the adapter evaluates to reach the host: its global's `handle`, given the request as JSON (a literal, never code). */
function hostCall(request: HostRequestOf<HostMethod>): string {
  return `globalThis.${DEBUG_GLOBAL}.handle(${JSON.stringify(request)})`;
}

/** A value of the debuggee as the argument of a protocol call. */
function callArgument(value: RemoteObject): { objectId?: string; value?: unknown; unserializableValue?: string } {
  if (value.objectId) return { objectId: value.objectId };
  if (value.unserializableValue !== undefined) return { unserializableValue: value.unserializableValue };
  return { value: value.value };
}

/** How to move on an instance that waits for an external event, said once when it starts waiting. */
function waitingHint(instanceId: string, name: string, events: readonly string[], store: string | undefined): string {
  // The debug console is no place for a database password: the user puts their own back in.
  const storeOption = store ? ` --store ${JSON.stringify(isPostgresUrl(store) ? redactUrl(store) : store)}` : '';
  return (
    `${name} ${instanceId} waits for event ${events.map((event) => `'${event}'`).join(' or ')}: raise it with the command ` +
    `"Durable TS: Raise Event…", or from a terminal: durable-ts raise ${instanceId} ${events[0]} --data <JSON>${storeOption}\n`
  );
}

/** The start of the turn that `position` belongs to: its OrchestratorStarted event. */
function turnStart(history: readonly HistoryEvent[], position: number): number {
  for (let index = Math.min(position, history.length - 1); index > 0; index--) {
    if (history[index].EventType === 'OrchestratorStarted') return index;
  }
  return 0;
}
