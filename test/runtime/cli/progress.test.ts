import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { HistoryEvent } from '../../../runtime/src/api/types';
import { printProgress } from '../../../runtime/src/host/progress';
import type { Worker } from '../../../runtime/src/worker/worker';

const event = (EventType: HistoryEvent['EventType'], EventId: number): HistoryEvent => ({ EventType, EventId, Timestamp: new Date(0).toISOString() });

describe('CLI: the progress a worker prints', () => {
  it('prints an instance again after a thousand others printed: a worker keeps no count of an instance for ever', () => {
    const worker = new EventEmitter();
    const lines: string[] = [];
    printProgress(worker as unknown as Worker, { write: (line) => lines.push(line), maxEventsPerInstance: 2, color: false });
    const steps = (instanceId: string, count: number) => worker.emit('history', instanceId, 'Chain', Array.from({ length: count }, (_, i) => event('TaskScheduled', i)));

    steps('chatty', 3);
    assert.equal(lines.filter((line) => line.includes('chatty')).length, 2, 'two events, then only a running count');
    for (let other = 0; other < 1000; other++) steps(`other${other}`, 1);
    lines.length = 0;
    steps('chatty', 1);
    assert.equal(lines.length, 1, 'its count was let go of: it prints again');
  });

  it('starts counting a continued instance again', () => {
    const worker = new EventEmitter();
    const lines: string[] = [];
    printProgress(worker as unknown as Worker, { write: (line) => lines.push(line), maxEventsPerInstance: 1, color: false });
    worker.emit('history', 'loop', 'Loop', [event('TaskScheduled', 0), event('TaskScheduled', 1), event('ContinueAsNew', 2)]);
    worker.emit('history', 'loop', 'Loop', [event('TaskScheduled', 0)]);
    assert.deepEqual(lines.map((line) => line.trim().split(' ').slice(1).join(' ')), ['Loop TaskScheduled', 'Loop ContinueAsNew', 'Loop TaskScheduled']);
  });
});
