/**
 * The sample app: the five Durable Functions patterns, plus sub-orchestrations, durable retries, custom status and
 * stateful entities (actors).
 * Run one with `npx durable-ts run samples/app.ts HelloSequence --input '["Tokyo","Seattle","London"]'`,
 * or all of them with `npm start`.
 */
import { app } from 'durable-ts';
import type { EntityContext, OrchestrationContext } from 'durable-ts';

// ---- 1. Function chaining ----
const sayHello = app.activity('SayHello', async (city: string) => `Hello ${city}!`);

app.orchestration('HelloSequence', async (ctx, cities: string[]) => {
  const greetings: string[] = [];
  for (const city of cities) {
    greetings.push(await ctx.callActivity(sayHello, city));
  }
  return greetings;
});

// ---- 2. Fan-out/fan-in ----
const listWork = app.activity('ListWork', async (count: number) => Array.from({ length: count }, (_, i) => i + 1));
const measure = app.activity('Measure', async (item: number) => item * item);

app.orchestration('FanOutFanIn', async (ctx, count: number) => {
  const items = await ctx.callActivity(listWork, count);
  const sizes = await Promise.all(items.map((item) => ctx.callActivity(measure, item)));
  return sizes.reduce((total, size) => total + size, 0);
});

// ---- 3. Async HTTP API: a long-running job a client polls through the status endpoint ----
const processOrder = app.activity('ProcessOrder', async (order: { id: string; amount: number }) => ({ ...order, charged: true }));

app.orchestration('ProcessOrderJob', async (ctx, order: { id: string; amount: number }) => {
  ctx.setCustomStatus({ stage: 'charging' });
  const receipt = await ctx.callActivity(processOrder, order);
  ctx.setCustomStatus({ stage: 'done' });
  return receipt;
});

// ---- 4. Monitor: poll until done, backing off, with continue-as-new keeping history small ----
const checkJob = app.activity('CheckJobStatus', async (poll: number) => (poll >= 3 ? 'done' : 'running'));

interface MonitorState {
  poll: number;
  intervalMs: number;
}

app.orchestration('JobMonitor', async (ctx, state: MonitorState = { poll: 0, intervalMs: 1000 }) => {
  const status = await ctx.callActivity(checkJob, state.poll);
  ctx.setCustomStatus({ poll: state.poll, status });
  if (status === 'done') return `job finished after ${state.poll + 1} polls`;
  await ctx.createTimer(state.intervalMs);
  // Exponential backoff, capped at a minute.
  ctx.continueAsNew({ poll: state.poll + 1, intervalMs: Math.min(state.intervalMs * 2, 60_000) });
});

// ---- 5. Human interaction: wait for an approval, escalate after 72 hours ----
const requestApproval = app.activity('RequestApproval', async (request: string) => `approval requested for ${request}`);
const escalate = app.activity('Escalate', async (request: string) => `escalated ${request} to the manager`);

app.orchestration('ApprovalWorkflow', async (ctx, request: string) => {
  await ctx.callActivity(requestApproval, request);
  const deadline = ctx.createTimer(72 * 60 * 60 * 1000);
  const approval = ctx.waitForEvent<boolean>('ApprovalEvent');
  const winner = await ctx.any([approval, deadline]);
  if (winner === approval) {
    deadline.cancel();
    return approval.result ? 'approved' : 'rejected';
  }
  return ctx.callActivity(escalate, request);
});

// ---- Sub-orchestrations and durable retries ----
let flakyCalls = 0;
const flakyDownload = app.activity('FlakyDownload', async (url: string) => {
  // Fails twice, then succeeds: the retry policy below absorbs it.
  if (++flakyCalls % 3 !== 0) throw new Error(`connection reset while fetching ${url}`);
  return `${url}: 1024 bytes`;
});

const downloadOne = app.orchestration('DownloadOne', async (ctx: OrchestrationContext, url: string) => {
  ctx.log.info(`downloading ${url}`);
  return ctx.callActivity(flakyDownload, url, { retry: { maxAttempts: 5, firstRetryIntervalMs: 500, backoffCoefficient: 2 } });
});

app.orchestration('DownloadAll', async (ctx, urls: string[]) => {
  return Promise.all(urls.map((url) => ctx.callSubOrchestration(downloadOne, url)));
});

// ---- 6. Stateful entities: bank accounts, and a transfer that holds both accounts in a critical section ----
// Each account's operations run one at a time; while the transfer holds both, no other operation sees them half-done.
const account = app.entity('Account', {
  deposit: (ctx: EntityContext<number>, amount: number) => ctx.setState((ctx.getState(0) ?? 0) + amount),
  withdraw: (ctx: EntityContext<number>, amount: number) => {
    const balance = ctx.getState(0) ?? 0;
    if (amount > balance) throw new Error(`cannot withdraw ${amount} from ${ctx.entityKey}: the balance is ${balance}`);
    ctx.setState(balance - amount);
  },
  balance: (ctx: EntityContext<number>) => ctx.getState(0) ?? 0,
});

app.orchestration('TransferFunds', async (ctx, { from, to, amount }: { from: string; to: string; amount: number }) => {
  const lock = await ctx.lock([account.id(from), account.id(to)]);
  try {
    if ((await ctx.callEntity(account.id(from), 'balance')) < amount) return `insufficient funds in ${from}`;
    await ctx.callEntity(account.id(from), 'withdraw', amount);
    await ctx.callEntity(account.id(to), 'deposit', amount);
    return { [from]: await ctx.callEntity(account.id(from), 'balance'), [to]: await ctx.callEntity(account.id(to), 'balance') };
  } finally {
    lock.release();
  }
});

export default app;
