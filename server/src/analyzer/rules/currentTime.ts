import ts from 'typescript';
import { contextSpelling, durableSpellingForMessages, quickFix, replaceNode } from '../analysis/edits';
import type { Rule } from '../analysis/ruleContext';
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

function currentTimeMessage(subject: string, durable: string): string {
  return `${subject} reads the current time, which differs on every replay; use ${durable}.currentUtcDateTime.`;
}
