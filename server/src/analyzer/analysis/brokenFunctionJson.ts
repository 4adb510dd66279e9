import path from 'node:path';
import ts from 'typescript';
import type { Orchestrator } from '../program/orchestrators';
import type { BrokenFunctionJson } from '../project/functionJson';
import { withForwardSlashes } from '../project/sourceFiles';
import type { ProgramAnalysis } from './programAnalysis';
import type { Hazard } from './ruleContext';

/** DUR000 for a function.json that cannot be read: the Functions host does not load its function. */
export function brokenFunctionJsonMessage(broken: BrokenFunctionJson): string {
  const shown = `${path.basename(path.dirname(broken.fileName))}/function.json`;
  return `${shown} ${broken.problem}, so the Functions host does not load '${broken.name}'.`;
}

/** DUR000 at the orchestrators of a file whose folder's function.json cannot be read. */
export function brokenFunctionJsonOfFile(analysis: ProgramAnalysis, sourceFile: ts.SourceFile, orchestrators: readonly Orchestrator[]): Hazard[] {
  if (orchestrators.length === 0) return [];
  const folder = path.dirname(sourceFile.fileName);
  const broken = analysis.registrationsFor(sourceFile).broken.find((declaration) => withForwardSlashes(path.dirname(declaration.fileName)) === folder);
  if (!broken) return [];
  return orchestrators.map(({ fn }) => {
    const node = ts.isCallExpression(fn.parent) ? fn.parent.expression : fn;
    return { code: 'DUR000', node, subject: broken.fileName, message: brokenFunctionJsonMessage(broken) };
  });
}
