import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture } from './support/durableDebugClient';

const dispatch = fixture('dispatch.ts');
/** The line of test/debugger/fixtures/dispatch.ts where Dispatch returns, once every sub-orchestration is done. */
const RETURN_LABELS_LINE = 16;

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
});
