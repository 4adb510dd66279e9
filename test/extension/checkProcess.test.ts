import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRuntime, DurableApp } from '../../runtime/src';
import { CheckProcess } from '../../client/src/versioning/checkProcess';
import { cliMain, repoRoot, tempDir } from '../runtime/cli/cliProcess';

const APP = `import { app } from 'durable-ts';
const step = app.activity('Step', async () => 1);
app.orchestration('Waits', async (ctx) => {
  await ctx.callActivity(step);
  await ctx.waitForEvent('Go');
});
`;

describe('the extension\'s resident check process', function () {
  this.timeout(60_000);
  const temp = tempDir('check-process');
  const appFile = path.join(temp.dir, 'app.ts');
  const node = { command: process.execPath };

  before(async () => {
    fs.mkdirSync(path.join(temp.dir, 'node_modules'));
    fs.symlinkSync(path.join(repoRoot, 'runtime'), path.join(temp.dir, 'node_modules', 'durable-ts'), 'dir');
    fs.writeFileSync(appFile, APP);
    const app = new DurableApp();
    const step = app.activity('Step', async () => 1);
    app.orchestration('Waits', async (ctx) => {
      await ctx.callActivity(step);
      await ctx.waitForEvent('Go');
    });
    const runtime = await createRuntime({ app, store: temp.store });
    await runtime.client.start('Waits', undefined, { instanceId: 'waiting' });
    await runtime.worker.whenIdle();
    await runtime.close();
  });
  after(() => temp.remove());

  const question = { store: temp.store, saved: appFile, root: temp.dir, entries: [] };

  it('answers again after its process is killed, asking the check it was running of a new process', async () => {
    const checks = new CheckProcess(node, cliMain);
    try {
      const first = await checks.check(question).outcome;
      assert.equal(first.kind, 'checked');
      const killed = (checks as unknown as { child: { pid: number } }).child.pid;
      const during = checks.check(question);
      process.kill(killed, 'SIGKILL');
      const outcome = await during.outcome;
      assert.ok(outcome.kind === 'checked' && outcome.apps[0].report?.instances[0].compatible, JSON.stringify(outcome));
      assert.notEqual((checks as unknown as { child: { pid: number } }).child.pid, killed, 'a new process answered');
    } finally {
      checks.dispose();
    }
  });

  it('says a check it replaced was cancelled', async () => {
    const checks = new CheckProcess(node, cliMain);
    try {
      const replaced = checks.check(question);
      const latest = checks.check(question);
      replaced.cancel();
      assert.deepEqual(await replaced.outcome, { kind: 'cancelled' });
      assert.equal((await latest.outcome).kind, 'checked');
    } finally {
      checks.dispose();
    }
  });

  it('stops for good when disposed: a check still waiting fails instead of starting another process', async () => {
    const checks = new CheckProcess(node, cliMain);
    const waiting = checks.check(question);
    await (checks as unknown as { ready: Promise<unknown> }).ready;
    const pid = (checks as unknown as { child: { pid: number } }).child.pid;
    checks.dispose();
    assert.equal((await waiting.outcome).kind, 'failed');
    assert.equal((checks as unknown as { child?: unknown }).child, undefined, 'no process was started again');
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the process is gone');
  });

  it("says so when the project's durable-ts has no resident check, so the editor runs `durable-ts check` instead", async () => {
    // What an earlier durable-ts CLI does with a command it does not know.
    const older = path.join(temp.dir, 'olderCli.js');
    fs.writeFileSync(older, "console.error(`error: Unknown command '${process.argv[2]}'.`); process.exit(2);\n");
    const checks = new CheckProcess(node, older);
    try {
      assert.deepEqual(await checks.check(question).outcome, { kind: 'unsupported' });
      assert.deepEqual(await checks.check(question).outcome, { kind: 'unsupported' }, 'and remembers it');
    } finally {
      checks.dispose();
    }
  });
});
