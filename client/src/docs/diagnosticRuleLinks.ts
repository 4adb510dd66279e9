import { Uri, type Diagnostic } from 'vscode';
import { ruleAnchorOf, ruleCommandUri } from './ruleLinks';

/** Diagnostics whose links to a rule's documentation open it rendered, at the rule (see ./ruleLinks). */
export function withRuleDocumentationCommands(diagnostics: Diagnostic[]): Diagnostic[] {
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    const anchor = typeof code === 'object' ? ruleAnchorOf(code.target.toString(true)) : undefined;
    if (typeof code === 'object' && anchor) diagnostic.code = { value: code.value, target: Uri.parse(ruleCommandUri(anchor)) };
  }
  return diagnostics;
}
