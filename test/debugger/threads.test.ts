import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const dispatch = fixture('dispatch.ts');
/** The line of test/debugger/fixtures/dispatch.ts where Dispatch returns, once every sub-orchestration is done. */
const RETURN_LABELS_LINE = 16;
/** The sub-orchestration's first line, and the parent's line that awaits it. */
const CHILD_FIRST_LINE = 6;
const AWAIT_CHILD_LINE = 14;

describe('a thread per orchestration instance', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let threadEvents: DebugProtocol.ThreadEvent['body'][];

  beforeEach(async () => {
    client = new DurableDebugClient();
    threadEvents = [];
    client.on('thread', (event: DebugProtocol.ThreadEvent) => threadEvents.push(event.body));
    await client.start();
  });

  afterEach(() => client.stop());

  const reasonsOf = (threadId: number) => threadEvents.filter((event) => event.threadId === threadId).map((event) => event.reason);

  it('starts a thread for each sub-orchestration and ends it when the instance completes', async () => {
    await client.launchWith({ program: dispatch, orchestration: 'Dispatch', input: ['lamp', 'desk'] }, { [dispatch]: [RETURN_LABELS_LINE] });
    const stop = await client.nextStop();
    const { body } = await client.threadsRequest();
    assert.deepStrictEqual(
      body.threads.map((thread) => thread.name.split(' ')[0]),
      ['Dispatch'],
      'the finished sub-orchestrations are gone from the call stack',
    );

    const subThreads = [...new Set(threadEvents.map((event) => event.threadId))].filter((id) => id !== stop.threadId);
    assert.strictEqual(subThreads.length, 2, `one thread per parcel in ${JSON.stringify(threadEvents)}`);
    for (const threadId of subThreads) assert.deepStrictEqual(reasonsOf(threadId), ['started', 'exited']);

    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: stop.threadId });
    await terminated;
    assert.deepStrictEqual(reasonsOf(stop.threadId), ['started', 'exited']);
  });

  it('shows the parent\'s thread, while its child is stopped, waiting at the await of the call, named after the child', async () => {
    await client.launchWith({ program: dispatch, orchestration: 'Dispatch', input: ['lamp'], instanceId: 'dispatch-1' }, { [dispatch]: [CHILD_FIRST_LINE] });
    const inChild = await client.nextStop();
    assert.strictEqual(inChild.frame.line, CHILD_FIRST_LINE);
    const { body } = await client.threadsRequest();
    const parent = body.threads.find((thread) => thread.name.startsWith('Dispatch dispatch-1'));
    assert.ok(parent && parent.id !== inChild.threadId, JSON.stringify(body.threads));

    const trace = await client.stackTraceRequest({ threadId: parent.id });
    assert.strictEqual(trace.body.stackFrames.length, 1, JSON.stringify(trace.body.stackFrames));
    const [waiting] = trace.body.stackFrames;
    assert.match(waiting.name, /^Dispatch dispatch-1 — waiting for sub-orchestration 'ShipParcel' \(task \d+\)$/);
    assert.strictEqual(waiting.source?.path, dispatch);
    assert.strictEqual(waiting.line, AWAIT_CHILD_LINE);
    assert.deepStrictEqual((await client.scopesRequest({ frameId: waiting.id })).body.scopes, [], 'a suspended orchestrator has no locals to read');
    // The stopped child's thread keeps its own frame.
    const childTrace = await client.stackTraceRequest({ threadId: inChild.threadId });
    assert.strictEqual(childTrace.body.stackFrames[0].line, CHILD_FIRST_LINE);
  });
});
