import ts from 'typescript';
import { declaredFunctionName } from './functionNames';
import { hasBody } from './functions';
import { orchestratorFromDeclaration, type Orchestrator } from './orchestrators';
import { registrationSiteOf, type RegistrationSite } from './registrations';

/** What the analysis needs from a file's syntax alone, gathered in one walk. */
export interface FileOutline {
  registrationSites: readonly RegistrationSite[];
  /** Names the file declares functions under. */
  functionNames: ReadonlySet<string>;
  /** Functions that declare themselves orchestrators (context parameter, JSDoc tag, durable yields). */
  declaredOrchestrators: readonly Orchestrator[];
}

const outlines = new WeakMap<ts.SourceFile, FileOutline>();

/**
 * The outline of a file, cached with its (immutable) source file: after an edit only the edited file is walked
 * again, every other file's outline is reused by the next program.
 */
export function outlineOf(sourceFile: ts.SourceFile): FileOutline {
  let outline = outlines.get(sourceFile);
  if (!outline) {
    outline = buildOutline(sourceFile);
    outlines.set(sourceFile, outline);
  }
  return outline;
}

function buildOutline(sourceFile: ts.SourceFile): FileOutline {
  const registrationSites: RegistrationSite[] = [];
  const functionNames = new Set<string>();
  const declaredOrchestrators: Orchestrator[] = [];
  // Files without a durable import cannot register anything.
  const mayRegister = /durable-ts|durable-functions/.test(sourceFile.text);
  const visit = (node: ts.Node): void => {
    if (mayRegister && ts.isCallExpression(node)) {
      const site = registrationSiteOf(sourceFile, node);
      if (site) registrationSites.push(site);
    }
    const functionName = declaredFunctionName(node);
    if (functionName !== undefined) functionNames.add(functionName);
    if (hasBody(node)) {
      const orchestrator = orchestratorFromDeclaration(node);
      if (orchestrator) declaredOrchestrators.push(orchestrator);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { registrationSites, functionNames, declaredOrchestrators };
}
