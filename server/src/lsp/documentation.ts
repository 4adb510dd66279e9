import fs from 'node:fs';
import path from 'node:path';
import { ruleDocsAnchor, type RuleCode } from '../analyzer/index';
import { uriOfPath } from './uris';

/**
 * Where docs/determinism.md is, for links from diagnostics and hovers: the client may say
 * (`initializationOptions.documentationUri`); otherwise the copy shipped two folders above the server script,
 * which holds both for server/dist/main.js and for a bundle in client/dist.
 */
export function resolveDocumentationUri(initializationOptions: unknown): string | undefined {
  const given = (initializationOptions as { documentationUri?: unknown } | undefined)?.documentationUri;
  if (typeof given === 'string' && given.length > 0) return given;
  const shipped = path.resolve(__dirname, '..', '..', 'docs', 'determinism.md');
  return fs.existsSync(shipped) ? uriOfPath(shipped) : undefined;
}

export function ruleDocumentationLink(documentationUri: string | undefined, code: RuleCode): string | undefined {
  return documentationUri && `${documentationUri}#${ruleDocsAnchor(code)}`;
}
