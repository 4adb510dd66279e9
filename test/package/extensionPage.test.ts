import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import * as yauzl from 'yauzl';

const repoRoot = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/**
 * The extension's page in VS Code is the README the .vsix carries, rendered with the installed extension's folder as
 * its base (packaging keeps relative links as they are): a picture or link resolves only if the package has its file.
 */
describe('the extension page', function () {
  this.timeout(120_000);
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
    const relative = linkTargets(readme).filter((target) => !isAbsolute(target) && !target.startsWith('#'));
    assert.ok(relative.some((target) => target.endsWith('.png')), 'the page has pictures');
    const missing = relative.filter((target) => !packaged.has(decodeURIComponent(target.split('#')[0])));
    assert.deepStrictEqual(missing, [], 'targets the .vsix does not carry');
  });

  // A marketplace renders the page on its own site, where only absolute links resolve.
  it('links and shows pictures by absolute https addresses in a package made for a marketplace (--base-url)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-vsix-'));
    try {
      const vsix = path.join(out, 'extension.vsix');
      const base = 'https://durable-ts.example/files/main/';
      execFileSync(process.execPath, [packageScript, '--readme-path', readmePath!, '--base-url', base, '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
      const page = await readZipEntry(vsix, 'extension/readme.md');
      assert.match(page, /^# Durable TS/);
      const targets = linkTargets(page).filter((target) => !target.startsWith('#'));
      assert.ok(targets.some((target) => target === `${base}client/media/lint-hover.png`), `the pictures point at ${base}: ${targets.join(' ')}`);
      assert.deepStrictEqual(targets.filter((target) => !/^(https:|mailto:)/.test(target)), [], 'links a marketplace cannot follow');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses a --base-url that is not https', () => {
    const run = () => execFileSync(process.execPath, [packageScript, '--readme-path', readmePath!, '--base-url', 'files/main'], { cwd: repoRoot, stdio: 'pipe' });
    assert.throws(run, (error: { status: number; stderr: Buffer }) => error.status === 2 && /--base-url must be an https:\/\/ address/.test(error.stderr.toString()));
  });
});

const packageScript = path.join(repoRoot, 'scripts', 'packageVsix.mjs');

/** The targets of a markdown page's links and pictures. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1]);
}

function isAbsolute(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

function readZipEntry(zipPath: string, entryName: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('error', reject);
      zip.on('end', () => reject(new Error(`${zipPath} has no ${entryName}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.toLowerCase() !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}
