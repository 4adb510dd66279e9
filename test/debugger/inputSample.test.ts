import * as assert from 'node:assert';
import ts from 'typescript';
import { inputSampleFor } from '../../client/src/debug/inputSample';

function sample(source: string, orchestration = 'Subject') {
  return inputSampleFor(ts, '/w/src/app.ts', source, orchestration);
}

describe('the input F5 offers for an orchestration, from its parameter type', () => {
  it('fills an object type declared in the file, leaving optional properties out', () => {
    const source = `
      interface Line { sku: string; quantity: number; giftWrap?: boolean }
      type Order = { customer: string; lines: Line[]; express: boolean; priority: 'low' | 'high' };
      app.orchestration('PlaceOrder', async (ctx, order: Order) => order.lines.length);`;
    assert.deepStrictEqual(sample(source, 'PlaceOrder'), {
      takesInput: true,
      value: { customer: '', lines: [{ sku: '', quantity: 0 }], express: false, priority: 'low' },
    });
  });

  it('offers an array with one element for an array parameter', () => {
    assert.deepStrictEqual(sample(`app.orchestration('Subject', async (ctx, skus: string[]) => skus)`), { takesInput: true, value: [''] });
    assert.deepStrictEqual(sample(`app.orchestration('Subject', async (ctx, ids: Array<number>) => ids)`), { takesInput: true, value: [0] });
  });

  it('offers null when the parameter type admits null', () => {
    assert.deepStrictEqual(sample(`app.orchestration('Subject', async (ctx, cities: string[] | null) => cities)`), { takesInput: true, value: null });
  });

  it('reads the type argument of a typed registration, and a named orchestrator function', () => {
    assert.deepStrictEqual(sample(`app.orchestration<{ id: number }, string>('Subject', handler)`), { takesInput: true, value: { id: 0 } });
    const named = `async function monitor(ctx: OrchestrationContext, job: { url: string }) {}\napp.orchestration('Subject', monitor);`;
    assert.deepStrictEqual(sample(named), { takesInput: true, value: { url: '' } });
  });

  it('says an orchestrator without an input parameter takes none', () => {
    assert.deepStrictEqual(sample(`app.orchestration('Subject', async (ctx) => 1)`), { takesInput: false });
  });

  it('offers null for an untyped parameter, an imported type and a recursive one', () => {
    assert.deepStrictEqual(sample(`app.orchestration('Subject', async (ctx, input) => input)`), { takesInput: true, value: null });
    assert.deepStrictEqual(sample(`import type { Order } from './order';\napp.orchestration('Subject', async (ctx, order: Order) => 1)`), { takesInput: true, value: null });
    const recursive = `interface Tree { label: string; children: Tree[] }\napp.orchestration('Subject', async (ctx, tree: Tree) => 1)`;
    const value = sample(recursive) as { takesInput: true; value: { label: string; children: unknown[] } };
    assert.strictEqual(value.value.label, '');
    assert.ok(JSON.stringify(value.value).length < 1000, 'a recursive type ends');
  });
});
