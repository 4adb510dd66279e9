import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureApp, runCli, tempDir } from './cliProcess';

describe('CLI: --store names the store file or the directory that holds it', () => {
  const temp = tempDir('store-path');
  after(() => temp.remove());

  it('keeps a store given as a directory in its store.db, the same store as the file path names', async () => {
    const directory = path.join(temp.dir, '.durable');
    fs.mkdirSync(directory);
    const run = await runCli(['run', fixtureApp('managed.ts'), 'Greet', '--input', '"Ada"', '--instance-id', 'in-directory', '--store', directory, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const status = await runCli(['status', 'in-directory', '--store', path.join(directory, 'store.db')]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).output, 'Hello Ada!');
  });

  it('is the default store when told nothing, in the current directory', async () => {
    const run = await runCli(['run', fixtureApp('managed.ts'), 'Greet', '--instance-id', 'in-default', '--quiet'], { cwd: temp.dir });
    assert.equal(run.code, 0, run.stderr);
    const status = await runCli(['status', 'in-default', '--store', '.durable'], { cwd: temp.dir });
    assert.equal(status.code, 0, status.stderr);
  });

  it('refuses an empty --store with a usage error instead of keeping a store in the current directory', async () => {
    const run = await runCli(['run', fixtureApp('managed.ts'), 'Greet', '--store', '', '--quiet'], { cwd: temp.dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--store is empty/);
    assert.equal(fs.existsSync(path.join(temp.dir, 'store.db')), false, 'no store was created in the current directory');
  });
});
