import type { LintResult } from '../lintRun';

/** The machine-readable list: exactly the documented fields, in a stable order. */
export function formatJson(results: readonly LintResult[]): string {
  const items = results.map(({ file, line, column, endLine, endColumn, code, severity, message }) => ({
    file, line, column, endLine, endColumn, code, severity, message,
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}
