/**
 * `npm start`: runs every sample orchestration on the embedded sql.js store (in .durable/), printing history
 * events as they happen. Time skipping makes the timers (backoffs, the 72-hour escalation) fire at once.
 */
import { randomUUID } from 'node:crypto';
import { createRuntime, printProgress, type DurableClient } from 'durable-ts';
import app from './app.js';

type Interaction = (client: DurableClient, instanceId: string) => Promise<void>;

const runs: [name: string, input: unknown, interact?: Interaction][] = [
  ['HelloSequence', ['Tokyo', 'Seattle', 'London']],
  ['FanOutFanIn', 1000],
  ['ProcessOrderJob', { id: 'order-1', amount: 42 }],
  ['JobMonitor', undefined],
  // A manager approves this one at once...
  ['ApprovalWorkflow', 'conference trip', (client, id) => client.raiseEvent(id, 'ApprovalEvent', true)],
  // ...and nobody answers this one: it escalates after 72 (skipped) hours.
  ['ApprovalWorkflow', 'vacation request'],
  ['DownloadAll', ['https://example.com/a', 'https://example.com/b']],
  // Alice's account gets its deposit (an entity operation) before the transfer holds it.
  ['TransferFunds', { from: 'alice', to: 'bob', amount: 30 }, (client) => client.signalEntity({ name: 'Account', key: 'alice' }, 'deposit', 100)],
];

const runtime = await createRuntime({ app, store: '.durable/demo.db', timeSkip: true });
printProgress(runtime.worker, { maxEventsPerInstance: 12 });
let failures = 0;
for (const [name, input, interact] of runs) {
  const instanceId = randomUUID();
  const started = runtime.client.start(name, input, { instanceId });
  // With time skipping, an orchestration with nothing else to do jumps to its next timer at once: an interaction
  // goes in together with the start (a start is recorded as soon as it is called), not after it is acknowledged.
  await Promise.all([started, interact?.(runtime.client, instanceId)]);
  const status = await runtime.client.waitForCompletion(instanceId);
  if (status.runtimeStatus !== 'Completed') failures++;
  console.log(`\n${name}: ${status.runtimeStatus} → ${JSON.stringify(status.output)}\n`);
}
for (const key of ['alice', 'bob']) console.log(`Account ${key}: ${JSON.stringify((await runtime.client.readEntityState({ name: 'Account', key })).entityState)}`);
await runtime.close();
process.exitCode = failures ? 1 : 0;
