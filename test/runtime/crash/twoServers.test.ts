/**
 * Two `durable-ts serve` processes on one PostgreSQL task hub each answer for any instance: a query to one shows an
 * instance started through the other as it is now (status and history), an event raised through one completes it,
 * and a terminate through one stops an instance whose activity the other is running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStoreAt } from '../../../runtime/src/store/open';
import type { DurableStore } from '../../../runtime/src/store/types';
import { crash } from '../store/support/processes';
import { freshDatabase } from '../helpers/postgres';
import { waitUntil } from '../userCode/hostProcess';
import { checkHistory, startMember, type HubMember } from './hubMembers';

const LEASE_MS = 1000;

interface StatusBody {
  runtimeStatus: string;
  output?: unknown;
  historyEvents?: { EventType: string }[];
}

async function statusThrough(member: HubMember, instanceId: string): Promise<StatusBody> {
  const response = await fetch(`${member.url}/runtime/webhooks/durabletask/instances/${instanceId}?showHistory=true`);
  assert.ok([200, 202, 400].includes(response.status), `${member.name} answered ${response.status}: ${await response.clone().text()}`);
  return (await response.json()) as StatusBody;
}

async function post(member: HubMember, route: string, body?: unknown): Promise<void> {
  const response = await fetch(`${member.url}${route}`, { method: 'POST', body: JSON.stringify(body ?? null), headers: { 'Content-Type': 'application/json' } });
  assert.equal(response.status, 202, `${member.name}: POST ${route} answered ${response.status}: ${await response.text()}`);
}

describe('two serve processes on one PostgreSQL task hub', function () {
  this.timeout(60_000);
  let members: HubMember[] = [];
  let store: DurableStore;
  let dir: string;
  let sideEffects: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-two-servers-'));
    sideEffects = path.join(dir, 'starts.txt');
    const url = await freshDatabase();
    store = await openStoreAt(url);
    members = await Promise.all(['a', 'b'].map((name) => startMember('serve', name, url, { leaseMs: LEASE_MS, sideEffects })));
  });
  after(async () => {
    for (const member of members) await crash(member);
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers a query for an instance started through the other with its live status and history, and takes its event", async () => {
    const [a, b] = members;
    await post(a, '/api/orchestrators/AwaitApproval/approval');
    await waitUntil(async () => (await statusThrough(b, 'approval')).runtimeStatus === 'Running', 'b shows the instance running');
    const waiting = await statusThrough(b, 'approval');
    assert.deepEqual(waiting.historyEvents?.map((event) => event.EventType), ['OrchestratorStarted', 'ExecutionStarted', 'OrchestratorCompleted'], 'b shows the history so far');

    await post(b, '/runtime/webhooks/durabletask/instances/approval/raiseEvent/Approval', 'granted');
    await waitUntil(async () => (await statusThrough(b, 'approval')).runtimeStatus === 'Completed', 'b shows the instance completed');
    for (const member of members) {
      const done = await statusThrough(member, 'approval');
      assert.equal((done.output as { approval: string }).approval, 'granted', `${member.name}'s answer`);
      assert.ok(done.historyEvents?.some((event) => event.EventType === 'EventRaised'), `${member.name} shows the event in the history`);
    }
    checkHistory('approval', await store.getHistory('approval'), ['EventRaised', 'TaskScheduled', 'TaskCompleted']);
  });

  it('terminates through one an instance whose activity the other is running', async () => {
    await post(members[0], '/api/orchestrators/HangingStep/stuck', 'step');
    await waitUntil(() => fs.existsSync(sideEffects) && fs.readFileSync(sideEffects, 'utf8').includes(' step'), 'a server runs the activity');
    const holder = members.find((member) => fs.readFileSync(sideEffects, 'utf8').startsWith(`${member.name} `))!;
    const other = members.find((member) => member !== holder)!;

    await post(other, '/runtime/webhooks/durabletask/instances/stuck/terminate?reason=no%20longer%20needed');
    await waitUntil(async () => (await statusThrough(other, 'stuck')).runtimeStatus === 'Terminated', `${other.name} shows the instance terminated`);
    assert.equal((await statusThrough(holder, 'stuck')).runtimeStatus, 'Terminated', `${holder.name} shows it terminated too`);
    const history = await store.getHistory('stuck');
    checkHistory('stuck', history, ['TaskScheduled'], 'ExecutionTerminated');
    assert.ok(!history.some((event) => event.EventType === 'TaskCompleted'), 'the activity it was waiting for did not finish');
    assert.equal((await store.getInstance('stuck'))?.output, JSON.stringify('no longer needed'));
  });
});
