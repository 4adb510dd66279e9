import type ts from 'typescript';
import type { QuickFix, RuleCode } from '../findings';
import type { DurableFlavor } from '../program/durableApi';
import type { Orchestrator } from '../program/orchestrators';
import type { ProgramAnalysis } from './programAnalysis';

/** One problem a rule sees at one node, before severity, suppression and call chains are applied. */
export interface Hazard {
  code: RuleCode;
  /** The node whose range is reported. */
  node: ts.Node;
  /** A narrower range to report than the whole node (a loop's header), as file offsets. */
  range?: { start: number; end: number };
  /** The offending code as written, short (`Math.random()`); the last link of a call chain. */
  subject: string;
  message: string;
  fix?: QuickFix;
}

export interface RuleContext {
  readonly analysis: ProgramAnalysis;
  readonly checker: ts.TypeChecker;
  readonly sourceFile: ts.SourceFile;
  /** The orchestrator whose own body is being checked; undefined inside a function reached through calls. */
  readonly orchestrator: Orchestrator | undefined;
  /** The programming model messages are phrased for: the orchestrator's, or its caller's inside a call chain. */
  readonly flavor: DurableFlavor;
  report(hazard: Hazard): void;
}

export interface Rule {
  readonly codes: readonly RuleCode[];
  /**
   * 'reachable': a property of any code an orchestrator runs, so also checked in the workspace functions it calls
   * (and reported at the call site with the chain). 'orchestrator': about the orchestrator's own durable calls.
   */
  readonly reach: 'reachable' | 'orchestrator';
  /** The kinds of node `visit` looks at; the walk offers it no others. */
  readonly kinds: readonly ts.SyntaxKind[];
  visit(node: ts.Node, context: RuleContext): void;
}
