import { strict as assert } from 'node:assert';
import { fixtureApp, runCli, tempDir } from '../cli/cliProcess';

describe('loader: tsconfig "paths" aliases resolve when the app runs from its sources', function () {
  this.timeout(30_000);
  const temp = tempDir('tsconfig-paths');
  after(() => temp.remove());

  it('in ESM, through aliases its tsconfig inherits with "extends" (comments and trailing commas included)', async () => {
    const result = await runCli(['run', fixtureApp('ts-paths/app.ts'), 'TsPaths', '--input', '"hi"', '--store', `${temp.dir}/esm.db`, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), 'HELLO HI!');
  });

  it('in CommonJS, through an alias relative to its tsconfig (no baseUrl)', async () => {
    const result = await runCli(['run', fixtureApp('ts-paths/cjs/app.cts'), 'TsPathsCjs', '--input', '"hi"', '--store', `${temp.dir}/cjs.db`, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), 'HI!');
  });
});
