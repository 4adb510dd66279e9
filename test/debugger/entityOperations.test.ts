import * as assert from 'node:assert';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const counter = fixture('counter.ts');
/** Lines of test/debugger/fixtures/counter.ts. */
const RETURN_TOTAL_LINE = 7;

describe('debugging entity operations', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  beforeEach(async () => {
    client = new DurableDebugClient();
    await client.start();
  });
  afterEach(() => client.stop());

  it("stops at a breakpoint in an entity's operation; the Entity scope shows the operation and the state it has so far", async () => {
    await client.launchWith({ program: counter, orchestration: 'CountTwice', input: 'a' }, { [counter]: [RETURN_TOTAL_LINE] });
    const first = await client.nextStop();
    assert.strictEqual(first.reason, 'breakpoint');
    assert.strictEqual(first.frame.line, RETURN_TOTAL_LINE);
    assert.strictEqual((await client.scope(first, 'Locals')).amount.value, '5');
    const entity = await client.scope(first, 'Entity');
    assert.deepStrictEqual(Object.fromEntries(Object.entries(entity).map(([name, variable]) => [name, variable.value])), {
      entity: '@counter@a', operation: 'add', input: '5', state: 'Object',
    });
    assert.strictEqual((await client.children(entity.state)).total.value, '5');
    const scopes = (await client.scopesRequest({ frameId: first.frame.id })).body.scopes.map((scope) => scope.name);
    assert.ok(!scopes.includes('Orchestration'), `an entity runs outside any orchestration: ${scopes}`);

    await client.continueRequest({ threadId: first.threadId });
    const second = await client.nextStop();
    assert.strictEqual(second.frame.line, RETURN_TOTAL_LINE);
    const state = (await client.scope(second, 'Entity')).state;
    assert.strictEqual((await client.children(state)).total.value, '12', 'the state the first operation left, changed by this one');
  });
});
