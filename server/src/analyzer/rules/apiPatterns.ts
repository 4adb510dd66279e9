import ts from 'typescript';
import type { QuickFix, RuleCode } from '../findings';
import type { ContextSpelling } from '../analysis/edits';

/** A use of a catalogued API found in orchestrator code. */
export interface ApiUse {
  /** The whole property chain as written (`process.env.HOME`, `fs.promises.readFile`). */
  top: ts.Expression;
  /** The call or `new` whose callee is `top`, if any. */
  call: ts.CallExpression | ts.NewExpression | undefined;
}

export type ApiSource =
  /** A global, by its property path: ['Math', 'random']. */
  | { global: readonly string[] }
  /** A module export path: { module: 'fs', path: [] } is the whole module. A module ending in '/' is a scope prefix. */
  | { module: string; path: readonly string[] };

export interface ApiPattern {
  code: RuleCode;
  source: ApiSource;
  /** 'call': only calls and `new` count (reading `os.EOL` is fine); 'any': any read counts (`process.env`). */
  usage: 'call' | 'any';
  /**
   * A sentence about the problem; `subject` is the code as written (`Math.random()`), `durable` how the
   * orchestrator's context is spelled (`ctx`, `context.df`).
   */
  describe(subject: string, durable: string): string;
  /** The quick fix, when the orchestrator's context is at hand. */
  fix?(use: ApiUse, context: ContextSpelling): QuickFix | undefined;
  /** Uses that are safe despite matching (logging guarded by `isReplaying`). */
  isSafeUse?(use: ApiUse): boolean;
}

export function globalApi(
  code: RuleCode, path: string, usage: ApiPattern['usage'], describe: ApiPattern['describe'], fix?: ApiPattern['fix'],
): ApiPattern {
  return { code, source: { global: path.split('.') }, usage, describe, fix };
}

export function moduleApi(
  code: RuleCode, module: string, path: string, usage: ApiPattern['usage'], describe: ApiPattern['describe'], fix?: ApiPattern['fix'],
): ApiPattern {
  return { code, source: { module, path: path === '' ? [] : path.split('.') }, usage, describe, fix };
}

/** The call or `new` whose callee is exactly `expression`. */
export function callOf(expression: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  const parent = expression.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === expression) return parent;
  return undefined;
}
