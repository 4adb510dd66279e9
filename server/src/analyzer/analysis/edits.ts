import type ts from 'typescript';
import type { QuickFix, TextEdit } from '../findings';
import type { Orchestrator } from '../program/orchestrators';

export function replaceNode(node: ts.Node, newText: string): TextEdit {
  return { fileName: node.getSourceFile().fileName, start: node.getStart(), end: node.getEnd(), newText };
}

export function insertBefore(node: ts.Node, newText: string): TextEdit {
  const start = node.getStart();
  return { fileName: node.getSourceFile().fileName, start, end: start, newText };
}

export function quickFix(title: string, edits: TextEdit[]): QuickFix {
  return { title, edits, isPreferred: true };
}

/** Short, single-line text of a node for messages and chains. */
export function subjectText(node: ts.Node, called: boolean): string {
  const text = node.getText().replace(/\s+/g, ' ');
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return called ? `${short}()` : short;
}

/**
 * How an orchestrator's context is written in code, so fixes are phrased for its programming model:
 * `ctx.currentUtcDateTime` (durable-ts) or `context.df.currentUtcDateTime` (durable-functions).
 */
export interface ContextSpelling {
  flavor: Orchestrator['flavor'];
  /** `ctx` or `context.df`: where the durable members live. */
  durable: string;
}

export function contextSpelling(orchestrator: Orchestrator | undefined): ContextSpelling | undefined {
  if (!orchestrator?.contextName) return undefined;
  const parameter = orchestrator.contextName;
  const durable = orchestrator.flavor === 'durable-functions' ? `${parameter}.df` : parameter;
  return { flavor: orchestrator.flavor, durable };
}

/** The context spelling for messages: the real one when known, else the conventional name of the flavor. */
export function durableSpellingForMessages(context: { orchestrator: Orchestrator | undefined; flavor: Orchestrator['flavor'] }): string {
  const spelling = contextSpelling(context.orchestrator);
  if (spelling) return spelling.durable;
  return context.flavor === 'durable-functions' ? 'context.df' : 'ctx';
}
