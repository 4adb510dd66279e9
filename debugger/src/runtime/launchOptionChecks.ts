/**
 * The launch and attach configurations come from launch.json, as the user typed them: a field of the wrong type or
 * an empty string gets one sentence naming the field and what it takes, before anything runs (not a Node error
 * from deep inside path handling, nor an empty store quietly taken for the default).
 */

type Check = (value: unknown, field: string) => string | undefined;

/** A non-empty string; `what` says what it names. */
const text =
  (what: string, whenEmpty = `leave it out or give ${what}`): Check =>
  (value, field) => {
    if (typeof value !== 'string') return `${quoted(field)} must be ${what} (a string), got ${shown(value)}`;
    if (!value.trim()) return `${quoted(field)} is empty: ${whenEmpty}`;
    return undefined;
  };

const flag: Check = (value, field) => (typeof value === 'boolean' ? undefined : `${quoted(field)} must be true or false, got ${shown(value)}`);

const globs: Check = (value, field) =>
  Array.isArray(value) && value.every((glob) => typeof glob === 'string' && glob.trim())
    ? undefined
    : `${quoted(field)} must be a list of globs of the compiled JavaScript, e.g. ["\${workspaceFolder}/dist/**/*.js", "!**/node_modules/**"], got ${shown(value)}`;

const environment: Check = (value, field) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((variable) => typeof variable === 'string')
    ? undefined
    : `${quoted(field)} must map variable names to strings, e.g. { "LOG_LEVEL": "debug" }, got ${shown(value)}`;

const list: Check = (value, field) =>
  Array.isArray(value) ? undefined : `${quoted(field)} must be a list, e.g. [{ "eventType": "TaskFailed" }, { "activity": "ChargeCard" }, { "event": 12 }], got ${shown(value)}`;

const replaySource: Check = (value, field) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${quoted(field)} must be { "instanceId": "…" } or { "historyFile": "…" }, got ${shown(value)}`;
  }
  const { instanceId, historyFile } = value as Record<string, unknown>;
  if (instanceId === undefined && historyFile === undefined) return `${quoted(field)} must name the "instanceId" of a recorded instance or a "historyFile", got ${shown(value)}`;
  return (
    (instanceId !== undefined ? text('the id of a recorded instance', 'name the recorded instance to replay')(instanceId, `${field}.instanceId`) : undefined) ??
    (historyFile !== undefined ? text('an exported history file', 'name the file durable-ts history --format json wrote')(historyFile, `${field}.historyFile`) : undefined)
  );
};

const SHARED_CHECKS: Record<string, Check> = {
  cwd: text('the folder the app runs in', 'leave it out for the program\'s folder, or name a folder'),
  sourceMaps: flag,
  outFiles: globs,
};

const LAUNCH_CHECKS: Record<string, Check> = {
  ...SHARED_CHECKS,
  program: text('the app module (.ts or .js) that registers the orchestrations', 'name the app module (.ts or .js) that registers the orchestrations'),
  orchestration: text('the name of an orchestration the app registers'),
  instanceId: text('the id to start the instance with (or of an unfinished one to continue)', 'leave it out for a new id, or give one'),
  store: text('a store directory or file, or a postgres:// URL', 'leave it out for the CLI\'s store (.durable), or name a store directory or file, or a postgres:// URL'),
  stopOnEntry: flag,
  timeSkipping: flag,
  replayEveryTurn: flag,
  noDebug: flag,
  historyBreakpoints: list,
  replay: replaySource,
  env: environment,
  runtimeExecutable: text('the node executable to run the app with', 'leave it out for the Node.js that runs the debugger, or name one'),
};

/** What is wrong with a launch configuration, in one sentence; undefined when its fields have the types they take. */
export function launchConfigurationProblem(configuration: object): string | undefined {
  return problemIn(configuration, LAUNCH_CHECKS);
}

/** What is wrong with an attach configuration's shared fields (`port` is checked where it is used). */
export function attachConfigurationProblem(configuration: object): string | undefined {
  return problemIn(configuration, SHARED_CHECKS);
}

function problemIn(configuration: object, checks: Record<string, Check>): string | undefined {
  for (const [field, check] of Object.entries(checks)) {
    const value = (configuration as Record<string, unknown>)[field];
    // Left out (or null, as some clients write a field they clear): the default applies.
    if (value === undefined || value === null) continue;
    const problem = check(value, field);
    if (problem) return `${problem} (in the launch configuration).`;
  }
  return undefined;
}

function quoted(field: string): string {
  return `"${field}"`;
}

/** A value as launch.json writes it, shortened. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}
