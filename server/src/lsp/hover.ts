import { MarkupKind, type Hover, type Range } from 'vscode-languageserver';
import { RULES, type Finding } from '../analyzer/index';
import { ruleDocumentationLink } from './documentation';

/**
 * Hover text for the findings under the cursor: why the rule exists and what to do. Not the message: the editor
 * shows the diagnostic's own message right above it.
 */
export function hoverForFindings(findings: readonly Finding[], range: Range, documentationUri: string | undefined): Hover | null {
  if (findings.length === 0) return null;
  const sections = findings.map((finding) => {
    const rule = RULES[finding.code];
    const link = ruleDocumentationLink(documentationUri, finding.code);
    return [
      `**${finding.code}: ${rule.title}**`,
      `*Why:* ${rule.why}`,
      `*Fix:* ${rule.fix}`,
      `Silence it on one line with \`// durable-ignore-next-line ${finding.code}\`.${link ? ` [Rule documentation](${link})` : ''}`,
    ].join('\n\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}
