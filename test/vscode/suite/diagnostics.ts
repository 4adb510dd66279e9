import * as vscode from 'vscode';

export const LINT_SOURCE = 'durable-ts';

/** A diagnostic's code is a string, or `{ value, target }` when the server links the rule's documentation. */
export function ruleCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return String(typeof code === 'object' ? code.value : code);
}

export function lintDiagnostics(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === LINT_SOURCE && ruleCode(d) === rule);
}

/**
 * Resolves once `isSettled` holds for the file's diagnostics, re-checking on every diagnostics change: the server
 * publishes asynchronously (debounced, after analysing the workspace).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  isSettled: (diagnostics: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!isSettled(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}/${ruleCode(d)}: ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}; diagnostics now: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}
