import ts from 'typescript';
import { insertBefore, quickFix, subjectText } from '../analysis/edits';
import type { ProgramAnalysis } from '../analysis/programAnalysis';
import { runsOnlyWhenNotReplaying } from '../analysis/replayGuards';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { displayNameOf, resolveFunction, unwrapExpression, type FunctionWithBody } from '../program/functions';

/**
 * DUR011 for the Functions host's own loggers: `context.log(...)`, `context.log.warn(...)` (v3),
 * `context.info(...)` (v4) on an orchestration context, and Application Insights' `trackEvent` & co. Each call
 * sends a line or an event again on every replay.
 */

/** Levels of `context.log.<level>` (v3) and of the v4 InvocationContext's own methods. */
const LOG_LEVELS = new Set(['error', 'warn', 'info', 'verbose', 'debug', 'trace']);
/** Application Insights' TelemetryClient methods: distinctive enough to be recognised by name on any receiver. */
const TELEMETRY_METHODS = new Set(['trackEvent', 'trackException', 'trackTrace', 'trackMetric', 'trackDependency', 'trackRequest', 'trackAvailability']);

export const contextLoggingRule: Rule = {
  codes: ['DUR011'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.CallExpression],
  visit(node, context) {
    if (!ts.isCallExpression(node)) return;
    const logger = contextLoggerReceiver(node, context.checker);
    const logs = logger !== undefined ? context.analysis.contextFlavorOf(logger) === 'durable-functions' : isTelemetryCall(node, context);
    // The guard is looked for last: it walks up to the enclosing function, and most calls log nothing.
    if (!logs || runsOnlyWhenNotReplaying(node)) return;
    const subject = subjectText(node.expression, true);
    context.report({ code: 'DUR011', node, subject, message: contextLoggingMessage(subject), fix: guardFix(node, context) });
  },
};

export function contextLoggingMessage(subject: string): string {
  return `${subject} runs again on every replay, so it is logged many times; log only when not replaying: if (!context.df.isReplaying) { ... }.`;
}

/**
 * The `context` of `context.log(...)`, `context.log.info(...)` or `context.info(...)`, also through a logger taken
 * off it: `const log = context.log; log(...)`, `const { log } = context`.
 */
function contextLoggerReceiver(call: ts.CallExpression, checker: ts.TypeChecker): ts.Identifier | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return loggerTakenOff(callee, checker)?.context;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = unwrapExpression(callee.expression);
  if (method === 'log' || LOG_LEVELS.has(method)) {
    if (ts.isIdentifier(receiver)) {
      // log.warn(...) with `const log = context.log`
      const taken = LOG_LEVELS.has(method) ? loggerTakenOff(receiver, checker) : undefined;
      return taken?.member === 'log' ? taken.context : receiver;
    }
    // context.log.info(...)
    if (LOG_LEVELS.has(method) && ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'log' && ts.isIdentifier(receiver.expression)) {
      return receiver.expression;
    }
  }
  return undefined;
}

/** `log` declared as `const log = context.log` or `const { log } = context` (or a level): the context and member. */
function loggerTakenOff(identifier: ts.Identifier, checker: ts.TypeChecker): { context: ts.Identifier; member: string } | undefined {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  let taken: { context: ts.Expression; member: string } | undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isPropertyAccessExpression(initializer)) taken = { context: unwrapExpression(initializer.expression), member: initializer.name.text };
  } else if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
    const holder = declaration.parent.parent;
    const member = declaration.propertyName ?? declaration.name;
    if (ts.isVariableDeclaration(holder) && holder.initializer && ts.isIdentifier(member)) taken = { context: unwrapExpression(holder.initializer), member: member.text };
  }
  if (!taken || !ts.isIdentifier(taken.context) || !(taken.member === 'log' || LOG_LEVELS.has(taken.member))) return undefined;
  return { context: taken.context, member: taken.member };
}

/** `client.trackEvent(...)` on a library client (a workspace method of that name is followed as a call instead). */
function isTelemetryCall(call: ts.CallExpression, context: RuleContext): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !TELEMETRY_METHODS.has(callee.name.text)) return false;
  const target = resolveFunction(context.checker, callee);
  return !target || !context.analysis.isWorkspaceFunction(target);
}

function guardFix(call: ts.CallExpression, context: RuleContext) {
  const name = context.orchestrator?.contextName;
  if (!name || context.orchestrator?.flavor !== 'durable-functions' || !ts.isExpressionStatement(call.parent)) return undefined;
  const guard = `if (!${name}.df.isReplaying) `;
  return quickFix(`Log only when not replaying (${guard.trim()})`, [insertBefore(call.parent, guard)]);
}

/**
 * The context logging a helper does with the argument at `index` (`logStep(context, ...)` whose body calls
 * `context.log(...)`, or passes it on to a function that does), as the links of the chain from the helper's callees
 * to that call (`['audit()', 'ctx.log.verbose()']`); memoized per program.
 */
export function contextLoggingThrough(analysis: ProgramAnalysis, fn: FunctionWithBody, index: number, depth = 0): readonly string[] | undefined {
  const memo = analysis.contextLogging;
  const key = `${index}`;
  let byIndex = memo.get(fn);
  if (!byIndex) memo.set(fn, (byIndex = new Map()));
  if (byIndex.has(key)) return byIndex.get(key);
  byIndex.set(key, undefined); // a cycle finds nothing new
  const parameter = fn.parameters[index];
  let found: readonly string[] | undefined;
  if (parameter && ts.isIdentifier(parameter.name) && depth < 5) {
    const symbol = analysis.checker.getSymbolAtLocation(parameter.name);
    const isParameter = (expression: ts.Expression) => ts.isIdentifier(expression) && expression.text === parameter.name.getText() &&
      analysis.checker.getSymbolAtLocation(expression) === symbol;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node) && !runsOnlyWhenNotReplaying(node)) {
        const logger = contextLoggerReceiver(node, analysis.checker);
        if (logger && isParameter(logger)) found = [subjectText(node.expression, true)];
        const argumentIndex = node.arguments.findIndex((argument) => isParameter(unwrapExpression(argument)));
        const callee = argumentIndex >= 0 ? resolveFunction(analysis.checker, node.expression) : undefined;
        if (!found && callee && analysis.isWorkspaceFunction(callee) && !analysis.orchestratorOf(callee)) {
          const below = contextLoggingThrough(analysis, callee, argumentIndex, depth + 1);
          if (below) found = [`${displayNameOf(callee)}()`, ...below];
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
  }
  byIndex.set(key, found);
  return found;
}
