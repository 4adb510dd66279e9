import type { RuleCode, Severity } from '../findings';

export interface RuleDescription {
  code: RuleCode;
  title: string;
  defaultSeverity: Severity;
  /** Why the rule exists, in one or two sentences (hover text, SARIF help). */
  why: string;
  /** What to do instead. */
  fix: string;
  /** Whether the rule needs the type checker's types (slower, skipped in syntactic mode). */
  typeAware: boolean;
}

/** Anchor of a rule's section in docs/determinism.md (an explicit `<a id>` there). */
export function ruleDocsAnchor(code: RuleCode): string {
  return code.toLowerCase();
}

export const RULES: Readonly<Record<RuleCode, RuleDescription>> = {
  DUR000: {
    code: 'DUR000', title: 'File that does not parse', defaultSeverity: 'error', typeAware: false,
    why: 'A syntax error stops the file from loading at all, and the checks can only guess at the code around it.',
    fix: 'Fix the syntax error; the file is then checked in full.',
  },
  DUR001: {
    code: 'DUR001', title: 'Current time in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: 'An orchestrator is replayed from its history; `Date.now()` or `new Date()` returns a different value on each replay, so decisions based on it change.',
    fix: 'Use `ctx.currentUtcDateTime`, the time of the current replayed turn.',
  },
  DUR002: {
    code: 'DUR002', title: 'Randomness in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: 'Random values and fresh UUIDs differ on every replay, so the orchestrator takes different paths or schedules different work.',
    fix: 'Use `ctx.newGuid()` for identifiers; get other random values from an activity.',
  },
  DUR003: {
    code: 'DUR003', title: 'Timer or sleep in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: '`setTimeout` and friends are not recorded in the history: a sleep is not durable, and its callback runs outside any orchestration turn.',
    fix: 'Use `await ctx.createTimer(delayMs)` (or a `Date`), a durable timer recorded in the history.',
  },
  DUR004: {
    code: 'DUR004', title: 'I/O in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: 'Network, file, process and database calls run again on every replay and may return different results.',
    fix: 'Move the I/O into an activity and call it with `ctx.callActivity`.',
  },
  DUR005: {
    code: 'DUR005', title: 'Environment or process state in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: '`process.env` (also read once when a module loads), `process.argv` and `os.*` can differ between the process that ran a turn and the one that replays it.',
    fix: 'Read the value in an activity, or pass it in as the orchestration input.',
  },
  DUR006: {
    code: 'DUR006', title: 'High-resolution clock in an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: '`performance.now()`, `process.hrtime()` and `process.uptime()` measure the replaying process, not the orchestration.',
    fix: 'Use `ctx.currentUtcDateTime` for orchestration time; measure durations inside activities.',
  },
  DUR007: {
    code: 'DUR007', title: 'Await of something that is not a durable task', defaultSeverity: 'warning', typeAware: true,
    why: 'Only durable tasks are recorded in the history. Awaiting another promise (an SDK call, a database query) runs real work on every replay and can resolve at a different point.',
    fix: 'Await durable tasks only: move the work into an activity and await `ctx.callActivity(...)`.',
  },
  DUR008: {
    code: 'DUR008', title: 'Durable task never awaited', defaultSeverity: 'warning', typeAware: false,
    why: 'A durable task that is created and dropped schedules work whose result nobody waits for; its failure is lost and the orchestration may complete before it runs.',
    fix: 'Await the task, or collect it and await `ctx.all(tasks)` / `ctx.any(tasks)`.',
  },
  DUR009: {
    code: 'DUR009', title: 'Unknown activity or orchestration name', defaultSeverity: 'error', typeAware: false,
    why: 'Calling an activity or sub-orchestration the workspace does not register fails only at run time, after the orchestration has started.',
    fix: 'Use a registered name (see the suggestion), or pass the handle returned by `app.activity(...)` / `app.orchestration(...)`.',
  },
  DUR010: {
    code: 'DUR010', title: 'Activity input does not match its parameter', defaultSeverity: 'error', typeAware: true,
    why: 'The input is serialized into the history and handed to the activity; a value of the wrong type fails inside the activity, far from the mistake.',
    fix: 'Pass a value of the type the activity (or sub-orchestration) declares for its input.',
  },
  DUR011: {
    code: 'DUR011', title: 'Logging that is not replay-safe', defaultSeverity: 'warning', typeAware: false,
    why: '`console.*`, the Functions context logger (`context.log`) and Application Insights calls run again on every replay, so each line is logged many times.',
    fix: 'Use `ctx.log`, which is silent while replaying; in Durable Functions, guard the call with `if (!context.df.isReplaying)`.',
  },
  DUR012: {
    code: 'DUR012', title: 'Write to module-level state from an orchestrator', defaultSeverity: 'error', typeAware: false,
    why: 'Module state is shared by all instances and survives between turns, while replays start from the history: the orchestrator sees values no replay can reproduce.',
    fix: 'Keep state in local variables of the orchestrator (rebuilt by replay), or in an entity/activity.',
  },
  DUR013: {
    code: 'DUR013', title: 'Unbounded loop without continueAsNew', defaultSeverity: 'warning', typeAware: false,
    why: 'Every durable call appends to the history; a loop that never ends makes the history, and each replay, grow forever.',
    fix: 'End each iteration period with `ctx.continueAsNew(state)`, which restarts the instance with a fresh history.',
  },
};

export const RULE_CODES: readonly RuleCode[] = Object.keys(RULES) as RuleCode[];

export function isRuleCode(value: string): value is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, value);
}
