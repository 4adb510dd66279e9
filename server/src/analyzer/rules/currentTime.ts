import ts from 'typescript';
import { contextSpelling, durableSpellingForMessages, quickFix, replaceNode } from '../analysis/edits';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { originOfIdentifier } from '../program/origins';
import { globalApi, type ApiPattern } from './apiPatterns';

/** DUR001: reading the wall clock. `Date.now()` is a catalogued API; `new Date()` / `Date()` need a look at arguments. */

export const CURRENT_TIME_APIS: readonly ApiPattern[] = [
  globalApi(
    'DUR001', 'Date.now', 'call',
    (subject, durable) => currentTimeMessage(subject, durable),
    (use, context) => use.call && quickFix(
      `Replace with ${context.durable}.currentUtcDateTime.getTime()`,
      [replaceNode(use.call, `${context.durable}.currentUtcDateTime.getTime()`)],
    ),
  ),
];

export const currentTimeConstructionRule: Rule = {
  codes: ['DUR001'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression],
  visit(node, context) {
    const isNew = ts.isNewExpression(node);
    if (!isNew && !ts.isCallExpression(node)) return;
    const callee = node.expression;
    if (!ts.isIdentifier(callee) || callee.text !== 'Date') return;
    // `new Date(x)` builds a date from a value: deterministic. `Date(...)` ignores its arguments and returns now.
    if (isNew && (node.arguments?.length ?? 0) > 0) return;
    if (originOfIdentifier(context.checker, callee).kind !== 'global') return;
    if (isNew && isParseReferenceDate(node, context)) return;
    const subject = isNew ? 'new Date()' : 'Date()';
    const spelling = contextSpelling(context.orchestrator);
    const newText = isNew
      ? `new Date(${spelling?.durable}.currentUtcDateTime)`
      : `${spelling?.durable}.currentUtcDateTime.toString()`;
    context.report({
      code: 'DUR001',
      node,
      subject,
      message: currentTimeMessage(subject, durableSpellingForMessages(context)),
      fix: spelling && quickFix(`Replace with ${newText}`, [replaceNode(node, newText)]),
    });
  },
};

/** date-fns functions that only move a date to the start of its day (or such), keeping what `parse` reads of it. */
const DATE_FNS_MODULES = new Set(['date-fns', 'date-fns/parse', 'date-fns/startOfDay']);

/**
 * `parse(text, format, startOfDay(new Date()))` of date-fns: the reference date only supplies what the format
 * leaves out, and a full date format (the usual case) leaves out nothing that a replay could see change.
 */
function isParseReferenceDate(node: ts.NewExpression, context: RuleContext): boolean {
  let argument: ts.Node = node;
  let call = argument.parent;
  if (ts.isCallExpression(call) && call.arguments.length === 1 && dateFnsExport(call.expression, context) === 'startOfDay') {
    argument = call;
    call = call.parent;
  }
  return ts.isCallExpression(call) && call.arguments[2] === argument && dateFnsExport(call.expression, context) === 'parse';
}

function dateFnsExport(callee: ts.Expression, context: RuleContext): string | undefined {
  const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  const root = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : name;
  if (!name || !root || !ts.isIdentifier(root)) return undefined;
  const origin = originOfIdentifier(context.checker, root);
  if (origin.kind !== 'module' || !DATE_FNS_MODULES.has(origin.module)) return undefined;
  return origin.path.length > 0 ? origin.path[origin.path.length - 1] : origin.module.split('/')[1] ?? name.text;
}

function currentTimeMessage(subject: string, durable: string): string {
  return `${subject} reads the current time, which differs on every replay; use ${durable}.currentUtcDateTime.`;
}
