import type { LintResult } from '../lintRun';

/** One line per finding, `file:line:column`, so terminals and editors make it a link; then a summary. */
export function formatText(results: readonly LintResult[], filesLinted: number): string {
  const lines = results.map((result) =>
    `${result.file}:${result.line}:${result.column}  ${result.severity.padEnd(11)} ${result.code}  ${result.message}`);
  const count = (severity: LintResult['severity']) => results.filter((result) => result.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('information');
  const files = `${filesLinted} file${filesLinted === 1 ? '' : 's'}`;
  if (results.length === 0) {
    lines.push(`No problems found in ${files}.`);
  } else {
    lines.push('', `${results.length} problem${results.length === 1 ? '' : 's'} in ${files} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} information).`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
