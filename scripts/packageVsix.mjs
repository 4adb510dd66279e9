// Packs the built extension into a .vsix (`npm run package`, after the build). Its README, client/README.md, is the
// extension's page, in VS Code and on the Marketplace.
//
// VS Code renders the page of an installed extension with the extension's folder as its base, so relative links and
// pictures work there as they are. The Marketplace and Open VSX render it on their own sites, where only absolute
// links work. So the page's relative links become absolute when the package is made for them:
//  - with `repository` in package.json (GitHub or GitLab), vsce points them at that repository;
//  - with `--base-url URL` (a folder that serves this repository's files), at URL;
//  - with neither, they stay relative: right for a .vsix installed from a file, broken on a marketplace's page.
//
// Usage: node scripts/packageVsix.mjs [--base-url URL] [--out FILE]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { createVSIX } from '@vscode/vsce';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const { values } = parseArgs({ options: { 'base-url': { type: 'string' }, out: { type: 'string' } } });
const baseUrl = values['base-url'];
if (baseUrl !== undefined && !/^https:\/\/[^/]+/.test(baseUrl)) {
  console.error(`--base-url must be an https:// address (a marketplace shows no other pictures): ${baseUrl}`);
  process.exit(2);
}
const folderUrl = baseUrl && (baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);

await createVSIX({
  cwd: root,
  packagePath: values.out,
  readmePath: 'client/README.md',
  // The bundles carry their dependencies; scripts/prepareVsix.mjs (run by vsce first) stages the runtime's.
  dependencies: false,
  allowMissingRepository: true,
  ...(folderUrl ? { baseContentUrl: folderUrl, baseImagesUrl: folderUrl } : { rewriteRelativeLinks: manifest.repository !== undefined }),
});
