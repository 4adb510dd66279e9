import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LINT_SETTINGS } from '../../server/src/analyzer/index';
import { runLint } from '../../server/src/lint/lintRun';
import { prepareLintSnapshot } from '../../server/src/lint/snapshotPreparation';
import { REPO_ROOT } from './support/paths';

/** What a startup snapshot of the lint keeps of its preparation: a lint from it must see the disk as it is then. */
describe('the lint snapshot\'s preparation', function () {
  this.timeout(60000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-prepared-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('forgets which folders marked an app: a package.json added later makes one app of the folders below it', () => {
    // The preparation lints its sample app in the temporary folder, which has no marker above it yet.
    const temporary = path.join(root, 'tmp');
    fs.mkdirSync(temporary);
    const configured = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      prepareLintSnapshot(path.join(REPO_ROOT, 'runtime', 'dist', 'index.d.ts'));
    } finally {
      if (configured === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = configured;
    }
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'billing' }));
    for (const [file, registered, called] of [['charge.ts', 'Charge', 'Refund'], ['refund.ts', 'Refund', 'Charge']]) {
      fs.mkdirSync(path.join(temporary, path.basename(file, '.ts')));
      fs.writeFileSync(path.join(temporary, path.basename(file, '.ts'), file), `import { app } from 'durable-ts';
app.activity('${registered}', async (amount: number) => amount);
app.orchestration('${registered}Flow', async (ctx, amount: number) => {
  await ctx.callActivity('${called}', amount);
});
`);
    }
    const run = runLint([], DEFAULT_LINT_SETTINGS, temporary);
    assert.equal(run.filesLinted, 2);
    assert.deepEqual(run.results.filter((result) => result.code === 'DUR009').map((result) => result.message), []);
  });
});
