import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { fixtureApp, runCli, tempDir } from '../cli/cliProcess';

describe('loader: an app that cannot be loaded gives a clear error', () => {
  const temp = tempDir('load-errors');
  after(() => temp.remove());

  it('names the file and line of an enum and says what to use instead, without a stack of runtime internals', async () => {
    const result = await runCli(['run', fixtureApp('errors/enum.ts'), 'Paint', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: .*errors[\\/]enum\.ts:3:1: .*enum.*use a const object instead of an enum/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('says to use `import type` when a type is imported as a value', async () => {
    const result = await runCli(['run', fixtureApp('errors/typeOnlyImport.ts'), 'TypeOnly', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /typeOnlyImport\.ts:1/);
    assert.match(result.stderr, /'OrchestrationContext'/);
    assert.match(result.stderr, /import type/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('reports a missing app file by its full path', async () => {
    const missing = path.join(temp.dir, 'no-such-app.ts');
    const result = await runCli(['run', missing, 'Anything', '--store', temp.store]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), `error: Cannot find the app module ${missing}.`);
    assert.equal(result.stdout, '');
  });
});
