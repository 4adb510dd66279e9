/**
 * What the debug adapter and the debuggee host agree on: the host's configuration, the messages the host writes
 * on its report pipe, and the typed requests the adapter hands the host's global through `Runtime.evaluate`, which
 * a paused host still answers (it answers nothing else).
 */
import type { HistoryEvent } from 'durable-ts';
import type { HistoryBreakpoint } from './historyBreakpoints';
import type { DurableBreakpoints } from './durableBreakpoints';

/**
 * What a host needs before the adapter's go: the runtime to load while the adapter configures it. A warm host
 * (started ahead of a launch) is given only this; the launch's HostConfig comes with the go.
 */
export interface HostBoot {
  /** Absolute path of the user's app module (a warm host's: an app of the project it is kept for). */
  program: string;
  /** Absolute directory of the durable-ts package the app itself resolves, so both share one registry. */
  runtimeDir: string;
  /** Run without debugging: no inspector, no stops, the app as it is; history and logs are still reported. */
  noDebug: boolean;
}

export interface HostConfig extends HostBoot {
  orchestration?: string;
  input?: unknown;
  instanceId?: string;
  /** A store path as the launch gives it (a file or its directory), absolute; the CLI's default store when absent. */
  store?: string;
  timeSkipping: boolean;
  replayEveryTurn: boolean;
  stopOnEntry: boolean;
  /** Stop where the code meets these history events. */
  historyBreakpoints: HistoryBreakpoint[];
  /** Re-run a recorded instance instead of starting one: from the store's history, or from an exported history file (absolute). */
  replay?: { instanceId?: string; historyFile?: string };
}

/** The environment variable that carries the JSON HostConfig (a warm host's: HostBoot) to the host. */
export const HOST_CONFIG_ENV = 'DURABLE_TS_DEBUG_HOST_CONFIG';
/** The host's extra pipe (stdio index) for reports; stdout and stderr stay the app's own. */
export const REPORT_FD = 3;
/** The host's pipe (stdio index) that relays the inspector protocol, one JSON message per line each way. */
export const INSPECTOR_FD = 4;
/**
 * The one relayed method that is not the inspector's: the configuration is done, the host may run the app. Its
 * params are what the configuration set that the host keeps (a `configure` request's), so that VS Code's
 * configuration requests need no answer from a host that is still starting.
 */
export const RUN_METHOD = 'Host.run';
/** How long a host asked to stop may take to make its store durable and exit before it is killed. */
export const STOP_GRACE_MS = 5_000;
/** The global the host publishes its replay state on. */
export const DEBUG_GLOBAL = '__durableTsDebug';
/** The inspector binding an attached debuggee (`durable-ts serve --debug`) reports through, one JSON per call. */
export const ATTACH_REPORT_BINDING = '__durableTsDebugReport';

/** The URL of the one host script that is not blackboxed: the function the host calls where it wants a stop. */
export const PAUSE_POINT_URL = 'durable-ts-debug:///pause-point.js';
/** The line (from 0) of the pause point's `debugger` statement; a step from it stops once more, at its end. */
export const PAUSE_POINT_LINE = 1;
/** The URL of the scripts the adapter's calls on the host compile to (blackboxed, as all of the host). */
export const HOST_CALL_URL = 'durable-ts-debug:///host-call.js';

export type HostReport =
  | { kind: 'instance'; instanceId: string; name: string }
  /** The names the app registers, once it has loaded: what function breakpoints can name. */
  | { kind: 'app'; orchestrations: string[]; activities: string[] }
  /** Where the session keeps its store and serves the HTTP management API (as `durable-ts serve` does). */
  | { kind: 'store'; path: string; apiUrl?: string }
  /** The launch names an unfinished instance of the store: the session continues it instead of starting one. */
  | { kind: 'continuing'; instanceId: string; name: string; status: string; historyLength: number }
  /** `waitingFor`: the external events the instance waits for after this turn. */
  | { kind: 'history'; instanceId: string; name: string; events: HistoryEvent[]; waitingFor?: string[] }
  | { kind: 'log'; instanceId: string; level: string; text: string }
  | { kind: 'output'; text: string }
  | { kind: 'finished'; instanceId: string; status: string; output?: string; failure?: string }
  /** The runtime and the store's engine are loaded: the host waits for the go (the adapter's own, not forwarded). */
  | { kind: 'loaded' }
  /** `beforeRun`: the host failed before it took the adapter's go (its runtime did not load), so the launch fails. */
  | { kind: 'error'; message: string; beforeRun?: boolean };

/**
 * `taskFailed`: a failed activity or sub-orchestration is about to be thrown at the orchestrator's `await`;
 * `orchestrationFailed`: a copy of the failing turn is about to reach the `await` the instance failed from.
 */
/** 'scheduled': inside the durable call a function breakpoint names; the stop shows the orchestrator's line that made it. */
export type PauseReason = 'entry' | 'checkpoint' | 'scheduled' | 'nondeterminism' | 'taskFailed' | 'orchestrationFailed' | 'historyEvent';

/** Why the host called its pause point, with what a user should see about it. */
export interface HostPause {
  reason: PauseReason;
  /** One line for the stop (the exception text, for failures). */
  text: string;
  /** The failure's full details (expected vs actual, stack). */
  details?: string;
  /** Why a step landed where it did, when the user could expect otherwise ("activity 'X' result replayed from history"). */
  note?: string;
  /** The stop is where the code will resume, not where it is now (the adapter steps on to it). */
  resumes?: boolean;
}

/**
 * The exception stops the host makes itself: a failed task thrown into user code at an `await` is no JavaScript
 * `throw` that V8 could pause on. Exceptions the user's code throws are V8's exception pauses, which the adapter sorts out.
 */
export type ExceptionFilter = 'nondeterminism' | 'taskFailed' | 'orchestrationFailed';

/** The state of the orchestration the host was running when it paused. */
export interface StopContext {
  instanceId: string;
  name: string;
  status: string;
  replaying: boolean;
  /** Which replay of this instance this is (1 = the first run from history). */
  replayNumber: number;
  /** Index of the history event applied last. */
  position: number;
  historyLength: number;
  /** The orchestration's deterministic current time (ISO). */
  currentTime: string;
  pendingTasks: string[];
  /** Set while looking at the past (after a step back). */
  travelling: boolean;
  pause?: HostPause;
  /** Set when the code runs inside an activity rather than an orchestrator. */
  activity?: { name: string; input: unknown; taskId: number };
}

/** The entity operation the paused code belongs to, as the runtime publishes it (durable-ts's entity observer). */
export interface EntityOperationView {
  entityId: string;
  operationName: string;
  input: unknown;
  state: unknown;
}

/** The global symbol under which the runtime offers the entity operation that runs, kept across its awaits. */
export const ENTITY_OPERATION_SYMBOL = 'durable-ts.entityOperation';

/** What a `configure` request sets, and what the go (RUN_METHOD) carries. */
export type HostConfiguration = Omit<Extract<HostRequest, { method: 'configure' }>, 'method'>;

/** The go's params: what the configuration set, and the launch itself (which a warm host learns only here). */
export type HostGo = HostConfiguration & { launch: HostConfig };

/**
 * What the adapter asks the host, one typed message per call, answered by value. Before the app has loaded the
 * host takes `configure` only (it waits on the global for the replay state to take it over) and `describe`.
 */
export type HostRequest =
  | {
      method: 'configure';
      breakOn?: Record<ExceptionFilter, boolean>;
      /** Function breakpoints on activity and orchestration names. */
      functionBreakpoints?: DurableBreakpoints;
      /** Stop where the orchestration or an activity takes its next step (the user's pause); the host clears it when it stops there. */
      pendingPause?: boolean;
    }
  | { method: 'describe' }
  /** The entity operation the paused code runs in, if any: entity code runs outside every orchestration. */
  | { method: 'entityOperation' }
  | { method: 'history'; instanceId: string }
  /**
   * Stop at the first user statement after the orchestration resumes past `position` (a durable step over). A step
   * `into` a live call also stops at the first line of an activity the stepped code starts.
   */
  | { method: 'armStep'; instanceId: string; position: number; into: boolean }
  /** Land the step in the parent of this sub-orchestration, where its result arrives; answers false for a top-level instance. */
  | { method: 'armStepOut'; instanceId: string; position: number }
  /** The step (forward, or back in history) landed, or stopped elsewhere: the host stops for it no more. */
  | { method: 'disarmStep' }
  /**
   * Replay the instance's history up to `checkpoint` in a throwaway executor and stop there. From `liveFrom` on,
   * the code sees `ctx.isReplaying` false, as it did when it first ran. `landing` (a step back): until `disarmStep`,
   * the copy stops at every later checkpoint too, so a landing that V8's stepping misses goes on from the next one.
   */
  | { method: 'travel'; instanceId: string; checkpoint: number; liveFrom?: number; landing?: boolean }
  /**
   * A step back from where the current executor is: to the start of its segment, or to the segment before when
   * the stop is at a segment's start already. Answers the checkpoint.
   */
  | { method: 'travelBack'; fromSegmentStart: boolean }
  /** The checkpoint the code at `position` of this instance's history runs after. */
  | { method: 'segmentStart'; instanceId: string; position: number }
  /** What an instance that is not the stopped one waits for, and the stack of the call it waits on (a paused child's parent). */
  | { method: 'waitingAt'; instanceId: string }
  /** The user's function the current code runs in (activity or orchestrator), to recognise its frames (answered as an object, not by value). */
  | { method: 'currentUserFunction' }
  /**
   * The session stops (Stop, Restart): start no more turns, activities or timers, so that a paused host let run
   * again on its way out records nothing the user did not see (an activity run meanwhile would skip its stop).
   */
  | { method: 'stopWork' };

export type HostMethod = HostRequest['method'];
/** Where an instance's orchestrator is suspended: what it waits for, and the stack of the durable call it waits on. */
export interface WaitingAt {
  /** "sub-orchestration 'ShipOrder' (task 7)", "event 'Approval'". */
  waitingFor: string[];
  /** The stack where the orchestrator made that call (its `await`), when it made it in this session. */
  callStack?: string;
}

export type HostRequestOf<M extends HostMethod> = Extract<HostRequest, { method: M }>;

/** What each request answers. */
export interface HostAnswers {
  configure: void;
  describe: StopContext | undefined;
  entityOperation: EntityOperationView | undefined;
  history: readonly HistoryEvent[];
  armStep: void;
  armStepOut: boolean;
  disarmStep: void;
  travel: void;
  travelBack: number;
  segmentStart: number;
  waitingAt: WaitingAt | undefined;
  currentUserFunction: UserFunction | undefined;
  stopWork: void;
}

/** What the host's global offers the adapter: requests, and what breakpoint conditions and logpoints read. */
export interface DebugGlobal {
  /** Read by every breakpoint condition: true while the host fast-forwards through code the user already saw. */
  muted: boolean;
  /** Called by logpoints. */
  logpoint(text: string): void;
  handle<M extends HostMethod>(request: HostRequestOf<M>): HostAnswers[M];
}

/** History events after which orchestrator code resumes: where a replay can stop and look. */
export const CHECKPOINT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ExecutionStarted',
  'TaskCompleted',
  'TaskFailed',
  'TimerFired',
  'EventRaised',
  'SubOrchestrationInstanceCompleted',
  'SubOrchestrationInstanceFailed',
]);

/** An activity or orchestrator function of the user's, compared by identity only (its frames are recognised by it). */
export type UserFunction = (...args: never[]) => unknown;
