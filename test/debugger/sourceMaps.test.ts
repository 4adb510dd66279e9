import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const project = fixture('compiled');
const source = path.join(project, 'src', 'app.ts');
const compiled = path.join(project, 'dist', 'app.js');
/** Lines of test/debugger/fixtures/compiled/src/app.ts; tsc moves them up (the interface is erased). */
const ACTIVITY_BOXES_LINE = 10;
const ORCHESTRATOR_RETURN_LINE = 16;

describe('an app compiled by tsc with source maps, run from dist/', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;

  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project]);
  });

  beforeEach(async () => {
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(() => client.stop());

  const launch = (extra: Record<string, unknown> = {}) => ({ program: compiled, orchestration: 'ShipOrder', input: { id: 'order-7', items: 7 }, ...extra });

  it('binds breakpoints set in the .ts sources and shows the .ts lines and locals', async () => {
    await client.launchWith(launch(), { [source]: [ACTIVITY_BOXES_LINE, { line: ORCHESTRATOR_RETURN_LINE, condition: '!ctx.isReplaying' }] });
    const inActivity = await client.nextStop();
    assert.strictEqual(inActivity.frame.source?.path, source);
    assert.strictEqual(inActivity.frame.line, ACTIVITY_BOXES_LINE);
    assert.strictEqual((await client.scope(inActivity, 'Locals')).order.value, 'Object');
    await client.continueRequest({ threadId: inActivity.threadId });

    const inOrchestrator = await client.nextStop();
    assert.strictEqual(inOrchestrator.frame.source?.path, source);
    assert.strictEqual(inOrchestrator.frame.line, ORCHESTRATOR_RETURN_LINE);
    assert.strictEqual((await client.scope(inOrchestrator, 'Locals')).packed.value, '"order-7: 3 boxes"');
    const { body } = (await client.send('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
    assert.ok(body.sources.some((loaded) => loaded.path === source), JSON.stringify(body.sources));
  });

  it('leaves the maps unread with "sourceMaps": false: breakpoints in the .ts do not bind', async () => {
    const exited = client.waitForEvent('exited');
    await client.launchWith(launch({ sourceMaps: false }), { [source]: [ACTIVITY_BOXES_LINE] });
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
  });
});
