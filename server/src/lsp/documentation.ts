import fs from 'node:fs';
import path from 'node:path';
import { ruleDocsAnchor, type RuleCode } from '../analyzer/index';
import { uriOfPath } from './uris';

/** How far above the server's script to look for the docs: covers server/src/lsp, server/dist/lsp and bundles. */
const DOCS_SEARCH_DEPTH = 4;

/**
 * Where docs/determinism.md is, for links from diagnostics and hovers: the client may say
 * (`initializationOptions.documentationUri`); otherwise the copy shipped with the extension, found in a
 * `docs` folder above the server's script.
 */
export function resolveDocumentationUri(initializationOptions: unknown): string | undefined {
  const given = (initializationOptions as { documentationUri?: unknown } | undefined)?.documentationUri;
  if (typeof given === 'string' && given.length > 0) return given;
  let folder = __dirname;
  for (let depth = 0; depth <= DOCS_SEARCH_DEPTH; depth++, folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'docs', 'determinism.md');
    if (fs.existsSync(candidate)) return uriOfPath(candidate);
  }
  return undefined;
}

export function ruleDocumentationLink(documentationUri: string | undefined, code: RuleCode): string | undefined {
  return documentationUri && `${documentationUri}#${ruleDocsAnchor(code)}`;
}
