import * as assert from 'node:assert';
import * as path from 'node:path';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

/** The adapter VS Code starts is the bundle the build writes, not these tests' TypeScript sources. */
describe('the bundled debug adapter', function () {
  this.timeout(60_000);
  const bundle = path.resolve(__dirname, '..', '..', 'debugger', 'dist', 'main.js');
  let client: DurableDebugClient;
  beforeEach(async () => {
    client = new DurableDebugClient(bundle);
    client.defaultTimeout = 30_000;
    await client.start();
  });
  afterEach(() => client.stop());

  it('starts, launches an orchestration and stops at its breakpoint', async () => {
    const program = fixture('orderWorkflow.ts');
    await client.launchWith({ program, orchestration: 'ProcessOrder', input: { id: 'o1', items: ['lamp'] } }, { [program]: [41] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.source?.path, program);
    assert.strictEqual(stop.frame.line, 41);
  });
});
