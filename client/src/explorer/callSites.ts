/**
 * Where an orchestrator's code makes the durable calls its history records: each `ctx.callActivity`,
 * `ctx.callSubOrchestration`, `ctx.createTimer` and `ctx.waitForEvent` in the function registered as an
 * orchestration, with the name it calls (an activity handle `const book = app.activity('Book', …)` counts as 'Book').
 * Links history events to code and back. Editor-free; parses with the TypeScript compiler it is given.
 */
import type ts from 'typescript';

export type CallKind = 'activity' | 'subOrchestration' | 'timer' | 'event';

export interface CallSite {
  kind: CallKind;
  /** The activity, sub-orchestration or event name; undefined for timers or names only known at run time. */
  name?: string;
  /** Zero-based line and character of the call. */
  line: number;
  character: number;
}

const CALLS: Record<string, CallKind> = { callActivity: 'activity', callSubOrchestration: 'subOrchestration', createTimer: 'timer', waitForEvent: 'event' };
const HANDLE_KINDS = new Set(['activity', 'orchestration']);

export function callSites(typescript: typeof ts, fileName: string, source: string, orchestration: string): CallSite[] {
  const file = typescript.createSourceFile(fileName, source, typescript.ScriptTarget.Latest, true);
  const handles = new Map<string, string>();
  let body: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (typescript.isVariableDeclaration(node) && typescript.isIdentifier(node.name) && node.initializer && typescript.isCallExpression(node.initializer)) {
      const registered = registration(typescript, node.initializer);
      if (registered && HANDLE_KINDS.has(registered.kind)) handles.set(node.name.text, registered.name);
    }
    if (typescript.isCallExpression(node)) {
      const registered = registration(typescript, node);
      if (registered?.kind === 'orchestration' && registered.name === orchestration) body ??= node.arguments[1];
    }
    typescript.forEachChild(node, visit);
  };
  visit(file);
  if (!body) return [];
  const sites: CallSite[] = [];
  const collect = (node: ts.Node): void => {
    if (typescript.isCallExpression(node) && typescript.isPropertyAccessExpression(node.expression) && CALLS[node.expression.name.text]) {
      const kind = CALLS[node.expression.name.text];
      const first = node.arguments[0];
      const name = kind === 'timer' || !first ? undefined : typescript.isStringLiteralLike(first) ? first.text : typescript.isIdentifier(first) ? handles.get(first.text) : undefined;
      const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
      sites.push({ kind, ...(name !== undefined ? { name } : {}), line, character });
    }
    typescript.forEachChild(node, collect);
  };
  collect(body);
  return sites;
}

/** `app.activity('Name', …)` / `app.orchestration('Name', …)`: which kind of registration, of which name. */
function registration(typescript: typeof ts, call: ts.CallExpression): { kind: string; name: string } | undefined {
  if (!typescript.isPropertyAccessExpression(call.expression)) return undefined;
  const first = call.arguments[0];
  if (!first || !typescript.isStringLiteralLike(first)) return undefined;
  return { kind: call.expression.name.text, name: first.text };
}

const EVENT_KINDS: Partial<Record<string, CallKind>> = {
  TaskScheduled: 'activity', TaskCompleted: 'activity', TaskFailed: 'activity',
  SubOrchestrationInstanceCreated: 'subOrchestration', SubOrchestrationInstanceCompleted: 'subOrchestration', SubOrchestrationInstanceFailed: 'subOrchestration',
  TimerCreated: 'timer', TimerFired: 'timer', EventRaised: 'event',
};

/** The call that produced a history event (the first such call when several could have), if its code is found. */
export function siteOfEvent(sites: readonly CallSite[], event: { type: string; name?: string }): CallSite | undefined {
  const kind = EVENT_KINDS[event.type];
  if (!kind) return undefined;
  return sites.find((site) => site.kind === kind && (kind === 'timer' || site.name === event.name));
}

/** The first history event (its index) a call site produced: where "Show in History" goes from a line of code. */
export function firstEventOf(site: CallSite, events: readonly { type: string; name?: string }[]): number {
  return events.findIndex((event) => EVENT_KINDS[event.type] === site.kind && (site.kind === 'timer' || event.name === site.name));
}
