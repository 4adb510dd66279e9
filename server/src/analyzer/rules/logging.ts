import ts from 'typescript';
import { insertBefore, quickFix, replaceNode, type ContextSpelling } from '../analysis/edits';
import { globalApi, type ApiPattern, type ApiUse } from './apiPatterns';

/** DUR011: logging that repeats on every replay. */

function loggingMessage(subject: string, durable: string): string {
  return `${subject} runs again on every replay, so the line is logged many times; use ${durable.endsWith('.df') ? `if (!${durable}.isReplaying)` : `${durable}.log`}, which is replay-safe.`;
}

/** console method → ctx.log level. */
const LOG_LEVELS: Readonly<Record<string, string>> = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'debug' };

function replayGuardedLog(use: ApiUse, context: ContextSpelling) {
  const call = use.call;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(use.top)) return undefined;
  if (context.flavor === 'durable-functions') {
    // durable-functions has no replay-safe logger: guard the statement instead.
    if (!ts.isExpressionStatement(call.parent)) return undefined;
    const guard = `if (!${context.durable}.isReplaying) `;
    return quickFix(`Log only when not replaying (${guard.trim()})`, [insertBefore(call.parent, guard)]);
  }
  const level = LOG_LEVELS[use.top.name.text];
  if (!level) return undefined;
  const newCallee = `${context.durable}.log.${level}`;
  return quickFix(`Replace with ${newCallee}(...)`, [replaceNode(use.top, newCallee)]);
}

/** Inside `if (!ctx.isReplaying) { ... }` (or the else of `if (ctx.isReplaying)`), logging happens once. */
function isGuardedByReplayCheck(use: ApiUse): boolean {
  for (let node: ts.Node = use.top; node.parent && !ts.isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (!ts.isIfStatement(parent)) continue;
    const condition = parent.expression;
    const negated = ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken;
    const tested = negated ? (condition as ts.PrefixUnaryExpression).operand : condition;
    if (!ts.isPropertyAccessExpression(tested) || tested.name.text !== 'isReplaying') continue;
    if ((negated && parent.thenStatement === node) || (!negated && parent.elseStatement === node)) return true;
  }
  return false;
}

export const LOGGING_APIS: readonly ApiPattern[] = [
  { ...globalApi('DUR011', 'console', 'call', loggingMessage, replayGuardedLog), isSafeUse: isGuardedByReplayCheck },
];
