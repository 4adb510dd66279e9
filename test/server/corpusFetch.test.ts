import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/paths';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'fetchLintCorpus.mjs');

/** `npm run corpus:fetch` against a local clone made here: a repository with two commits of one app. */
describe('fetching the lint corpus', function () {
  this.timeout(30000);
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', path.join(dir, 'mirrors', 'someone+functions-app'), ...args], { encoding: 'utf8' }).trim();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-fetch-'));
    fs.mkdirSync(path.join(dir, 'mirrors', 'someone+functions-app', 'app', 'Hello'), { recursive: true });
    git('init', '-q');
    git('config', 'user.email', 'test@example.test');
    git('config', 'user.name', 'test');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function commit(text: string): string {
    fs.writeFileSync(path.join(dir, 'mirrors', 'someone+functions-app', 'app', 'Hello', 'index.js'), text);
    git('add', '.');
    git('commit', '-q', '-m', 'change');
    return git('rev-parse', 'HEAD');
  }

  function fetchCorpus(commitId: string): { status: number | null; stdout: string; stderr: string } {
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifest, JSON.stringify({
      apps: [{ name: 'hello-app', repository: 'someone/functions-app', commit: commitId, path: 'app', licence: 'MIT', files: ['Hello/index.js'] }],
      expectations: [],
    }));
    const result = spawnSync(process.execPath, [SCRIPT, '--manifest', manifest, '--into', path.join(dir, 'corpus'), '--mirrors', path.join(dir, 'mirrors')], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("writes each file as it is at the manifest's commit, not the clone's newest", () => {
    const pinned = commit('module.exports = "pinned";\n');
    commit('module.exports = "newer";\n');
    const { status, stdout } = fetchCorpus(pinned);
    assert.equal(status, 0, stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'corpus', 'apps', 'hello-app', 'Hello', 'index.js'), 'utf8'), 'module.exports = "pinned";\n');
    assert.match(stdout, /wrote 1 files of 1 apps/);
  });

  it('fails naming the file and its origin when the clone lacks the commit and GitHub is out of reach', () => {
    commit('module.exports = 1;\n');
    const { status, stdout, stderr } = fetchCorpus('0123456789012345678901234567890123456789');
    assert.equal(status, 1);
    assert.match(stdout, /lacks commit 0123456789/);
    assert.match(stderr, /could not fetch 1 files:\n {2}hello-app\/Hello\/index\.js \(someone\/functions-app@0123456789:app\/Hello\/index\.js\)/);
  });
});
