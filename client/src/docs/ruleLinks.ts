/**
 * The language server links rules to docs/determinism.md#dur001 (a file, which VS Code would open as raw markdown
 * at its first line). The extension sends those links to its own command instead, which shows the documentation
 * rendered, at the rule. Editor-free.
 */
export const SHOW_RULE_DOCUMENTATION = 'durableTs.showRuleDocumentation';

const ruleLink = /[^\s()]*determinism\.md#(dur\d{3})\b/g;

/** The command URI that shows the documentation of the rule with anchor `anchor` (`dur001`). */
export function ruleCommandUri(anchor: string): string {
  return `command:${SHOW_RULE_DOCUMENTATION}?${encodeURIComponent(JSON.stringify([anchor]))}`;
}

/** The anchor a documentation link points at, if it is a link to a rule. */
export function ruleAnchorOf(link: string): string | undefined {
  return /determinism\.md#(dur\d{3})$/.exec(link)?.[1];
}

/** Markdown with every link to a rule's documentation turned into the command link. */
export function withRuleCommandLinks(markdown: string): string {
  return markdown.replace(ruleLink, (_link, anchor: string) => ruleCommandUri(anchor));
}
