import { pathToFileURL } from 'node:url';
import { RULES, RULE_CODES, ruleDocsAnchor } from '../../analyzer/rules/catalog';
import type { Severity } from '../../analyzer/findings';
import type { LintResult } from '../lintRun';

/** SARIF 2.1.0, as read by code-scanning services: rules with help text, results with regions and fixes. */

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };

export function formatSarif(results: readonly LintResult[], cwd: string): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'durable-ts-lint',
            rules: RULE_CODES.map((code) => ({
              id: code,
              name: RULES[code].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()),
              shortDescription: { text: RULES[code].title },
              fullDescription: { text: RULES[code].why },
              help: { text: `${RULES[code].why} ${RULES[code].fix}` },
              properties: { documentation: `docs/determinism.md#${ruleDocsAnchor(code)}` },
              defaultConfiguration: { level: LEVELS[RULES[code].defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: results.map((result) => ({
          ruleId: result.code,
          ruleIndex: RULE_CODES.indexOf(result.code),
          level: LEVELS[result.severity],
          message: { text: result.message },
          locations: [{ physicalLocation: { artifactLocation: artifactOf(result.file), region: regionOf(result) } }],
          fixes: result.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: fix.edits.map((edit) => ({
              artifactLocation: artifactOf(edit.file),
              replacements: [{ deletedRegion: regionOf(edit), insertedContent: { text: edit.newText } }],
            })),
          })),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Relative paths are resolved against SRCROOT (the working directory); absolute ones become file URIs. */
function artifactOf(file: string) {
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function regionOf(range: { line: number; column: number; endLine: number; endColumn: number }) {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}
