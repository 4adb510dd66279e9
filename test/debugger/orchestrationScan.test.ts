import * as assert from 'node:assert';
import { findOrchestrations, launchConfigurationFor } from '../../client/src/debug/orchestrationScan';

describe('finding the orchestrations F5 offers to run', () => {
  it('finds each app.orchestration registration, with any quotes and type arguments', () => {
    const source = [
      `app.orchestration('HelloSequence', async (ctx) => {});`,
      `export const job = app.orchestration<Order, Receipt>(\n  "ProcessOrder", async () => {});`,
      'durable.orchestration(`Monitor`, monitor);',
      `app.activity('SayHello', async () => '');`,
      `// app.orchestrations is not a registration`,
    ].join('\n');
    assert.deepStrictEqual(
      findOrchestrations('/w/src/app.ts', source).map((found) => found.name),
      ['HelloSequence', 'ProcessOrder', 'Monitor'],
    );
  });

  it('makes a launch configuration that names the program, the orchestration and its input', () => {
    const found = { name: 'HelloSequence', file: '/w/src/app.ts' };
    assert.deepStrictEqual(launchConfigurationFor(found, '${workspaceFolder}/src/app.ts', { takesInput: true, value: [''] }), {
      type: 'durable',
      request: 'launch',
      name: 'Debug HelloSequence',
      program: '${workspaceFolder}/src/app.ts',
      orchestration: 'HelloSequence',
      input: [''],
    });
  });

  it('leaves the input out for an orchestrator that takes none', () => {
    const configuration = launchConfigurationFor({ name: 'Tick', file: '/w/src/app.ts' }, '${workspaceFolder}/src/app.ts', { takesInput: false });
    assert.ok(!('input' in configuration));
  });
});
