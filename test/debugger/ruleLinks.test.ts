import * as assert from 'node:assert';
import { ruleAnchorOf, ruleCommandUri, withRuleCommandLinks } from '../../client/src/docs/ruleLinks';

describe('links to a rule\'s documentation, as the extension rewrites them', () => {
  const fileLink = 'file:///ext/docs/determinism.md#dur007';

  it('turn into a command that shows the rule, carrying its anchor', () => {
    assert.strictEqual(ruleAnchorOf(fileLink), 'dur007');
    assert.strictEqual(ruleCommandUri('dur007'), 'command:durableTs.showRuleDocumentation?%5B%22dur007%22%5D');
    assert.strictEqual(
      withRuleCommandLinks(`Silence it. [Rule documentation](${fileLink})`),
      'Silence it. [Rule documentation](command:durableTs.showRuleDocumentation?%5B%22dur007%22%5D)',
    );
  });

  it('leave other links alone', () => {
    assert.strictEqual(ruleAnchorOf('https://example.org/page#top'), undefined);
    assert.strictEqual(withRuleCommandLinks('[docs](https://example.org/determinism.html)'), '[docs](https://example.org/determinism.html)');
  });
});
