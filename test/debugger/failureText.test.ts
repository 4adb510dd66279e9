import * as assert from 'node:assert';
import { describeFailure } from '../../debugger/src/runtime/failureText';

describe('a failure in the debug console', () => {
  const details = JSON.stringify({
    errorType: 'TypeError',
    message: 'order.skus is not iterable',
    stack: [
      'TypeError: order.skus is not iterable',
      '    at file:///w/src/orders.ts:13:21',
      '    at async Object.orchestrator (/ext/debugger/dist/host.js:497:14)',
      '    at OrchestrationExecutor.run (/w/node_modules/durable-ts/dist/engine/executor.js:80:9)',
      '    at new Promise (<anonymous>)',
      '    at placeOrder (/w/src/orders.ts:20:3)',
      '    at node:internal/process/task_queues:95:5',
    ].join('\n'),
  });
  const isUserFile = (file: string) => !/host\.js|node_modules|^node:/.test(file);

  it('is the error line and the frames of user files only', () => {
    assert.strictEqual(
      describeFailure(details, isUserFile),
      'TypeError: order.skus is not iterable\n    at file:///w/src/orders.ts:13:21\n    at placeOrder (/w/src/orders.ts:20:3)',
    );
  });

  it('shows details that are not a recorded error as they are', () => {
    assert.strictEqual(describeFailure('"just a reason"', isUserFile), '"just a reason"');
    assert.strictEqual(describeFailure('not json', isUserFile), 'not json');
  });
});
