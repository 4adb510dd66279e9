// Materialises the lint's real-code corpus (test/server/corpus/manifest.json) outside the repository: each app's
// files at the manifest's commit, under <corpus>/apps/<app>/<file>. The public code is read from its origin, never
// committed here. Sources, first that works per repository:
//   1. a local git clone or mirror: <mirrors>/<owner>+<name> (a bare git directory, or one holding `repo` or `.git`),
//      with --mirrors DIR or DURABLE_TS_GIT_MIRRORS; read with `git show COMMIT:PATH`;
//   2. GitHub's raw file URLs (needs internet).
// Usage: npm run corpus:fetch [-- --mirrors DIR] [--into DIR] [--manifest FILE]
// The corpus folder defaults to DURABLE_TS_LINT_CORPUS or ~/.cache/durable-ts/lint-corpus, where the tests look.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = process.argv[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** The git directory of a repository's local copy, or undefined when there is none. */
function localGitDir(mirrors, repository) {
  if (!mirrors) return undefined;
  const base = path.join(mirrors, repository.replace('/', '+'));
  return [path.join(base, 'repo'), path.join(base, '.git'), base].find((dir) => fs.existsSync(path.join(dir, 'HEAD')));
}

function hasCommit(gitDir, commit) {
  try {
    execFileSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function readFromGit(gitDir, commit, file) {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${file}`], { maxBuffer: 64 * 1024 * 1024 });
}

async function readFromGitHub(repository, commit, file) {
  const url = `https://raw.githubusercontent.com/${repository}/${commit}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function main() {
  const manifestFile = path.resolve(option('--manifest', path.join(root, 'test', 'server', 'corpus', 'manifest.json')));
  const into = path.resolve(option('--into', process.env.DURABLE_TS_LINT_CORPUS ?? path.join(os.homedir(), '.cache', 'durable-ts', 'lint-corpus')));
  const mirrors = option('--mirrors', process.env.DURABLE_TS_GIT_MIRRORS);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const failures = [];
  let written = 0;
  for (const app of manifest.apps) {
    const gitDir = localGitDir(mirrors, app.repository);
    const local = gitDir && hasCommit(gitDir, app.commit) ? gitDir : undefined;
    if (gitDir && !local) console.log(`${app.name}: ${gitDir} lacks commit ${app.commit}; trying GitHub`);
    const appDir = path.join(into, 'apps', app.name);
    // A fresh copy: files left from another commit of the manifest would be linted too.
    fs.rmSync(appDir, { recursive: true, force: true });
    for (const file of app.files) {
      const origin = app.path ? `${app.path}/${file}` : file;
      try {
        const content = local ? readFromGit(local, app.commit, origin) : await readFromGitHub(app.repository, app.commit, origin);
        fs.mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
        fs.writeFileSync(path.join(appDir, file), content);
        written++;
      } catch (error) {
        const reason = error instanceof Error ? (error.cause?.message ?? error.message).split('\n')[0] : String(error);
        failures.push(`${app.name}/${file} (${app.repository}@${app.commit.slice(0, 10)}:${origin}): ${reason}`);
      }
    }
    console.log(`${app.name}: ${app.files.length} files from ${local ? local : 'GitHub'}`);
  }
  console.log(`wrote ${written} files of ${manifest.apps.length} apps into ${path.join(into, 'apps')}`);
  if (failures.length > 0) {
    console.error(`could not fetch ${failures.length} files:\n  ${failures.slice(0, 20).join('\n  ')}`);
    if (!mirrors) console.error('with no internet, point --mirrors (or DURABLE_TS_GIT_MIRRORS) at local git clones named <owner>+<name>');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
