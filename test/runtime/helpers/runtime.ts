import { createRuntime, DurableApp, type DurableRuntime, type HistoryEvent, type RuntimeOptions } from '../../../runtime/src/index';

/** An in-memory runtime over a fresh app, closed after the test body. */
export async function withRuntime<T>(app: DurableApp, options: Omit<RuntimeOptions, 'app'>, body: (runtime: DurableRuntime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime({ ...options, app });
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}

/** Start an orchestration and wait for its final status. */
export async function runToEnd(runtime: DurableRuntime, name: string, input?: unknown, instanceId?: string) {
  const id = await runtime.client.start(name, input, { instanceId });
  return runtime.client.waitForCompletion(id, { timeoutMs: 15_000 });
}

/**
 * History without what legitimately differs between two runs: times, the instance's own id, and a failure's stack
 * (its last frames say how the event loop reached the activity, which timing decides).
 */
export function historyShape(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => {
    const { Timestamp: _timestamp, FireAt: _fireAt, InstanceId: _instanceId, ...rest } = event;
    return JSON.stringify(rest.Details === undefined ? rest : { ...rest, Details: withoutStack(rest.Details) });
  });
}

function withoutStack(details: string): string {
  try {
    const { stack: _stack, ...rest } = JSON.parse(details) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return details;
  }
}

export { DurableApp };
