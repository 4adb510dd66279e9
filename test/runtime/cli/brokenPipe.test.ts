import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cliMain, fixtureApp, runCli, tempDir } from './cliProcess';

describe('CLI: output piped into a reader that stops early (| head)', function () {
  this.timeout(30_000);
  const temp = tempDir('broken-pipe');
  // Each history line carries the 100 kB input or result: far more than a pipe holds once `head` has gone.
  const name = 'x'.repeat(100_000);
  before(async () => {
    const run = await runCli(['run', fixtureApp('managed.ts'), 'Greet', '--input', JSON.stringify(name), '--instance-id', 'long-lines', '--store', temp.store, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => temp.remove());

  for (const command of [['history', 'long-lines'], ['status', 'long-lines', '--show-history']]) {
    it(`${command[0]} ends quietly with its own exit code`, () => {
      const shell = `"${process.execPath}" "${cliMain}" ${command.join(' ')} --store "${temp.store}" | head -c 10 > /dev/null; echo "exit=\${PIPESTATUS[0]}"`;
      const result = spawnSync('bash', ['-c', shell], { encoding: 'utf8' });
      assert.equal(result.stderr, '', 'nothing on stderr (no unhandled EPIPE)');
      assert.match(result.stdout, /exit=0/);
    });
  }
});
