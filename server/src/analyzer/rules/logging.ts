import ts from 'typescript';
import { insertBefore, quickFix, replaceNode, type ContextSpelling } from '../analysis/edits';
import { runsOnlyWhenNotReplaying } from '../analysis/replayGuards';
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

export const LOGGING_APIS: readonly ApiPattern[] = [
  { ...globalApi('DUR011', 'console', 'call', loggingMessage, replayGuardedLog), isSafeUse: (use) => runsOnlyWhenNotReplaying(use.top) },
];
