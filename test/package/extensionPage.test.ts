import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';

const repoRoot = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/**
 * The extension's page in VS Code is the README the .vsix carries, rendered with the installed extension's folder as
 * its base (packaging keeps relative links as they are): a picture or link resolves only if the package has its file.
 */
describe('the extension page', function () {
  this.timeout(60_000);
  const readmePath = /--readme-path (\S+)/.exec(manifest.scripts.package)?.[1];

  it('is the user-facing README, with no contributor commands', () => {
    assert.strictEqual(readmePath, 'client/README.md');
    const readme = fs.readFileSync(path.join(repoRoot, readmePath), 'utf8');
    assert.match(readme, /^# Durable TS/);
    assert.doesNotMatch(readme, /npm run build|npm ci\b/);
  });

  it('names only pictures and files that the packaged extension carries', async () => {
    const packaged = new Set(await listFiles({ cwd: repoRoot, packageManager: PackageManager.None }));
    const readme = fs.readFileSync(path.join(repoRoot, readmePath!), 'utf8');
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1]);
    const relative = targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));
    assert.ok(relative.some((target) => target.endsWith('.png')), 'the page has pictures');
    const missing = relative.filter((target) => !packaged.has(decodeURIComponent(target.split('#')[0])));
    assert.deepStrictEqual(missing, [], 'targets the .vsix does not carry');
  });
});
