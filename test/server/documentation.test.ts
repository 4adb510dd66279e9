import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_CODES, RULES, ruleDocsAnchor } from '../../server/src/analyzer/index';
import { resolveDocumentationUri } from '../../server/src/lsp/documentation';
import { REPO_ROOT } from './support/paths';

describe('rule documentation', () => {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'determinism.md'), 'utf8');

  it('has a linkable section for every rule, with its why and its fix', () => {
    for (const code of RULE_CODES) {
      const anchor = `<a id="${ruleDocsAnchor(code)}"></a>\n## ${code}: `;
      const start = docs.indexOf(anchor);
      assert.ok(start >= 0, `no section for ${code}`);
      const section = docs.slice(start, docs.indexOf('\n<a id=', start + anchor.length) >>> 0);
      assert.match(section, /\*\*Fix:\*\*/, `${code} has no fix`);
      assert.ok(RULES[code].title.length > 0 && RULES[code].why.length > 0);
    }
    assert.match(docs, /durable-ignore-next-line/);
    assert.match(docs, /"durableTs\.lint"/);
  });

  it('is what diagnostics link to when the client does not say otherwise', () => {
    const uri = resolveDocumentationUri(undefined);
    assert.ok(uri);
    assert.equal(fileURLToPath(uri), path.join(REPO_ROOT, 'docs', 'determinism.md'));
    assert.equal(resolveDocumentationUri({ documentationUri: 'https://example.test/rules.md' }), 'https://example.test/rules.md');
  });
});
