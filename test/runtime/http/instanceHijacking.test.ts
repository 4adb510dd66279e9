import { strict as assert } from 'node:assert';
import { fixtureApp, startServe, tempDir, type ServeProcess } from '../cli/cliProcess';
import { instanceUrl, request, waitForStatus } from './httpHarness';

/** Attacks on other instances' data through a real `durable-ts serve` and its HTTP API, as any local client could make them. */
describe('HTTP API: one instance cannot take over another', () => {
  const temp = tempDir('hijack');
  let serve: ServeProcess;
  before(async () => (serve = await startServe(fixtureApp('family.ts'), ['--store', temp.store, '--quiet'])));
  after(async () => {
    assert.equal(await serve.stop(), 0);
    temp.remove();
  });

  const start = async (name: string, id: string, input?: unknown) => {
    const reply = await request('POST', `${serve.url}/api/orchestrators/${name}/${encodeURIComponent(id)}`, input === undefined ? undefined : JSON.stringify(input));
    assert.equal(reply.status, 202, reply.text);
  };
  const raise = async (id: string, event: string, data: unknown) => {
    const reply = await request('POST', instanceUrl(serve, id, `/raiseEvent/${event}`), JSON.stringify(data));
    assert.equal(reply.status, 202, reply.text);
  };

  it("an instance started with the id a parent would give its first child does not answer for that child", async () => {
    await start('Squat', 'squat');
    await waitForStatus(serve, 'squat', 'Running');
    // The attacker takes the id the parent's first child used to get, and answers in its place.
    await start('Echo', 'squat:0');
    await waitForStatus(serve, 'squat:0', 'Running');
    await raise('squat', 'go', true);
    await raise('squat:0', 'value', 'injected');

    const parent = await waitForStatus(serve, 'squat', 'Completed');
    assert.equal(parent.body.output, 'from the real child');
    const squatter = await waitForStatus(serve, 'squat:0', 'Completed');
    assert.equal(squatter.body.name, 'Echo', 'the squatting instance is still its own');
    const history = (await request('GET', instanceUrl(serve, 'squat', '?showHistory=true'))).body.historyEvents as { EventType: string; InstanceId?: string }[];
    const childId = history.find((event) => event.EventType === 'SubOrchestrationInstanceCreated')!.InstanceId!;
    assert.notEqual(childId, 'squat:0');
    const child = await request('GET', instanceUrl(serve, childId));
    assert.equal(child.body.name, 'RealChild');
    assert.equal(child.body.runtimeStatus, 'Completed');
  });

  it('a sub-orchestration given the id of a live instance fails with the conflict and leaves that instance untouched', async () => {
    await start('Echo', 'victim', 'budget');
    await waitForStatus(serve, 'victim', 'Running');
    const before = (await request('GET', instanceUrl(serve, 'victim', '?showHistory=true'))).body;

    await start('Adopter', 'adopter', 'victim');
    const adopter = await waitForStatus(serve, 'adopter', 'Completed');
    assert.equal(
      adopter.body.output.error,
      "Sub-orchestration 'RealChild' failed: Cannot start sub-orchestration 'RealChild' as instance 'victim': an instance with that id already exists and is Running.",
    );

    const adopterHistory = (await request('GET', instanceUrl(serve, 'adopter', '?showHistory=true'))).body.historyEvents as { EventType: string }[];
    const childEvents = adopterHistory.map((event) => event.EventType).filter((type) => type.startsWith('SubOrchestrationInstance'));
    assert.deepEqual(childEvents, ['SubOrchestrationInstanceCreated', 'SubOrchestrationInstanceFailed'], 'the parent records the failed start as a failed sub-orchestration');
    const failed = adopterHistory.find((event) => event.EventType === 'SubOrchestrationInstanceFailed') as unknown as Record<string, unknown>;
    assert.match(JSON.stringify(failed), /an instance with that id already exists and is Running/);

    const after = (await request('GET', instanceUrl(serve, 'victim', '?showHistory=true'))).body;
    assert.deepEqual(after, before, 'the existing instance, its history included, is unchanged');
    await raise('victim', 'value', 'its own answer');
    assert.equal((await waitForStatus(serve, 'victim', 'Completed')).body.output, 'its own answer');
  });

  it('a child delivers its result only to the parent run that created it, not to a new instance with that id', async () => {
    await start('Reused', 'reused', true);
    await waitForStatus(serve, 'kid', 'Running');
    assert.equal((await request('POST', instanceUrl(serve, 'reused', '/terminate'))).status, 202);
    await waitForStatus(serve, 'reused', 'Terminated');
    await start('Reused', 'reused', false); // a new instance under the finished one's id
    await waitForStatus(serve, 'reused', 'Running');

    await raise('kid', 'value', 'stale result');
    await waitForStatus(serve, 'kid', 'Completed');
    // Queued after the child's result: by the time the event is seen, the result was too.
    await request('POST', instanceUrl(serve, 'reused', '/raiseEvent/finish'), 'true');
    assert.equal((await waitForStatus(serve, 'reused', 'Completed')).body.output, 'finished by the event');
  });
});
