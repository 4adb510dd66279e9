import { strict as assert } from 'node:assert';
import { findingsFor, patchGuard, type CheckReport } from '../../client/src/versioning/checkFindings';

const file = '/work/app/src/order.ts';
const text = ["import { app } from 'durable-ts';", '', "app.orchestration('Order', async (ctx, item: string) => {", '  await ctx.callActivity(reserve, item);', '  await ctx.callActivity(fraudCheck, item);', '});'].join('\n');

/** Divergences as `durable-ts check --format json` reports them. */
const report: CheckReport = {
  instances: [
    { instanceId: 'a', name: 'Order', compatible: false, divergence: { historyEvent: 6, recorded: 'the turn to schedule nothing more than it recorded', now: "the code called activity 'FraudCheck' (task 1)", sourceLocation: `${file}:5:13` } },
    { instanceId: 'b', name: 'Order', compatible: false, divergence: { historyEvent: 6, recorded: 'the turn to schedule nothing more than it recorded', now: "the code called activity 'FraudCheck' (task 1)", sourceLocation: `${file}:5:13` } },
    { instanceId: 'c', name: 'Order', compatible: false, divergence: { historyEvent: 4, recorded: "ctx.patched('fraud-check') to be called in this turn", now: 'the code did not call it here' } },
    { instanceId: 'd', name: 'Order', compatible: false, divergence: { historyEvent: 2, recorded: "TaskScheduled 'Reserve' (task 0)", now: "the code called activity 'Hold' (task 0)", sourceLocation: '/elsewhere/other.ts:3:1' } },
    { instanceId: 'e', name: 'Order', compatible: true },
  ],
};

describe('on-save check findings', () => {
  it('puts divergences on the line of the new call, counted per line, and dropped calls on the orchestration', () => {
    assert.deepEqual(findingsFor(file, text, report), [
      {
        line: 2, orchestration: 'Order', instanceIds: ['c'], patchId: 'change',
        message: "1 in-flight instance of `Order` would fail on replay: history event #4 recorded ctx.patched('fraud-check') to be called in this turn; the code did not call it here.",
      },
      {
        line: 4, orchestration: 'Order', instanceIds: ['a', 'b'], patchId: 'FraudCheck',
        message: "2 in-flight instances of `Order` would fail on replay: history event #6 recorded the turn to schedule nothing more than it recorded; this line now calls activity 'FraudCheck' (task 1).",
      },
    ]);
  });

  it('guards a call statement with the line\'s own context, and nothing it cannot skip', () => {
    assert.deepEqual(patchGuard('    await context.callActivity(fraudCheck, item);', 'FraudCheck'), { column: 4, text: "if (context.patched('FraudCheck')) " });
    assert.equal(patchGuard('  const checked = await ctx.callActivity(fraudCheck, item);', 'x'), undefined);
    assert.equal(patchGuard('  return ctx.callActivity(fraudCheck, item);', 'x'), undefined);
    assert.equal(patchGuard('  steps.push(item);', 'x'), undefined);
  });
});
