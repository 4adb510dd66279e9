import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, fixture } from './support/durableDebugClient';

const greetings = fixture('greetings.ts');
/** The line of test/debugger/fixtures/greetings.ts after the activity's await. */
const AFTER_ACTIVITY_LINE = 15;

describe('DAP requests beyond stepping: editing values, completions, loaded sources, what is not supported', function () {
  this.timeout(30_000);
  const session = clientPerTest();

  const launchToSeattle = async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo', 'Seattle'] }, {
      [greetings]: [{ line: AFTER_ACTIVITY_LINE, condition: `city === 'Seattle' && !ctx.isReplaying` }],
    });
    return session.client.nextStop();
  };
  const localsReference = async (frameId: number) => (await session.client.scopesRequest({ frameId })).body.scopes.find((scope) => scope.name === 'Locals')!.variablesReference;

  it('sets a let variable, and the orchestration goes on with the new value', async () => {
    const longHistory = fixture('longHistory.ts');
    await session.client.launchWith({ program: longHistory, orchestration: 'LongChain', input: 3 }, { [longHistory]: [{ line: 9, condition: 'step === 1 && !ctx.isReplaying' }] });
    const stop = await session.client.nextStop();
    const set = await session.client.setVariableRequest({ variablesReference: await localsReference(stop.frame.id), name: 'total', value: '40 + total' });
    assert.strictEqual(set.body.value, '41');
    assert.strictEqual((await session.client.scope(stop, 'Locals')).total.value, '41');
    await session.client.setBreakpointsRequest({ source: { path: longHistory }, breakpoints: [] });
    const terminated = session.client.waitForEvent('terminated');
    await session.client.continueRequest({ threadId: stop.threadId });
    await terminated;
    assert.match(session.client.output.join(''), /TaskScheduled Increment \(task 1\) ← 41/);
  });

  it('sets an object\'s property and an expression; refuses to change the recorded history, saying why', async () => {
    const stop = await launchToSeattle();
    const list = (await session.client.scope(stop, 'Locals')).greetings;
    const element = await session.client.setVariableRequest({ variablesReference: list.variablesReference, name: '0', value: '"Hello again, " + city' });
    assert.strictEqual(element.body.value, '"Hello again, Seattle"');
    assert.strictEqual((await session.client.evaluateRequest({ expression: 'greetings[0]', frameId: stop.frame.id })).body.result, '"Hello again, Seattle"');

    const expression = (await session.client.send('setExpression', { expression: 'greetings[0]', value: 'greeting.toUpperCase()', frameId: stop.frame.id })) as DebugProtocol.SetExpressionResponse;
    assert.strictEqual(expression.body.value, '"HELLO SEATTLE!"');
    assert.strictEqual((await session.client.children(list))['0'].value, '"HELLO SEATTLE!"');

    const history = (await session.client.scopesRequest({ frameId: stop.frame.id })).body.scopes.find((scope) => scope.name === 'History')!;
    await assert.rejects(session.client.setVariableRequest({ variablesReference: history.variablesReference, name: '#1', value: '1' }), /recorded: they cannot be changed/);
  });

  it('completes variables and properties in the debug console', async () => {
    const stop = await launchToSeattle();
    const labels = async (text: string) => (await session.client.completionsRequest({ text, column: text.length + 1, frameId: stop.frame.id })).body.targets.map((item) => item.label);
    const variables = await labels('gree');
    assert.ok(variables.includes('greeting') && variables.includes('greetings'), variables.join(', '));
    assert.ok((await labels('greeting.toUp')).includes('toUpperCase'));
    assert.ok((await labels('ctx.callA')).includes('callActivity'));
    assert.deepStrictEqual(await labels('noSuchThing.'), []);
  });

  it('lists the app\'s loaded sources, not the runtime\'s', async () => {
    await launchToSeattle();
    const { body } = (await session.client.send('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
    const paths = body.sources.map((source) => source.path);
    assert.ok(paths.includes(greetings), paths.join('\n'));
    assert.ok(paths.every((file) => !file?.includes(`${'/runtime/'}dist`) && !file?.includes('/node_modules/')), paths.join('\n'));
  });

  it('answers what it does not support with an error that says what to do instead', async () => {
    await session.client.initializeRequest({ adapterID: 'durable', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const stop = await launchToSeattle();
    await assert.rejects(session.client.send('restartFrame', { frameId: stop.frame.id }), /Restart Frame is not supported/);
    await assert.rejects(session.client.send('dataBreakpointInfo', { name: 'greeting', variablesReference: await localsReference(stop.frame.id) }), /Data breakpoints are not supported/);
  });

  it('shows a breakpoint whose condition is not JavaScript as unverified, with the parser\'s message', async () => {
    await session.client.launchWith({ program: greetings, orchestration: 'Greetings', input: ['Tokyo'] });
    const { body } = await session.client.setBreakpointsRequest({ source: { path: greetings }, breakpoints: [{ line: AFTER_ACTIVITY_LINE, condition: 'a ===' }, { line: 16, condition: 'true' }] });
    assert.strictEqual(body.breakpoints[0].verified, false);
    assert.match(body.breakpoints[0].message ?? '', /^The condition `a ===` is not a JavaScript expression: Unexpected token/);
    assert.notStrictEqual(body.breakpoints[1].message, body.breakpoints[0].message);
  });
});
