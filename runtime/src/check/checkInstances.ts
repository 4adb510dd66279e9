import type { DurableApp } from '../api/app';
import type { RuntimeStatus } from '../api/types';
import { withStoreClient } from '../cli/storeClient';
import { verdictOf, type InstanceVerdict, type RecordedInstance } from './replayCheck';
import { ReplayDeadline } from './replayDeadline';

const UNFINISHED: RuntimeStatus[] = ['Pending', 'Running', 'Suspended', 'ContinuedAsNew'];

/** An instance as a check needs it: its history, and what a report says of it. */
export type CheckedInstance = RecordedInstance & { version: string; runtimeStatus: string };

/**
 * Every unfinished instance of the store at `storePath`, with its history, one at a time: what `durable-ts check`
 * replays. A store a `serve` owns is read through its HTTP API.
 */
export async function forEachUnfinished(storePath: string, body: (instance: CheckedInstance) => Promise<void>): Promise<void> {
  await withStoreClient(storePath, true, async (client) => {
    for (const listed of await client.list({ runtimeStatus: UNFINISHED })) {
      const status = await client.getStatus(listed.instanceId, { showHistory: true });
      if (!status || !UNFINISHED.includes(status.runtimeStatus)) continue; // finished or purged since it was listed
      await body({ ...status, historyEvents: status.historyEvents ?? [] });
    }
  });
}

/**
 * The verdicts of the instances `feed` hands over, replayed against the app's code one at a time as they come,
 * running nothing; code that does not yield is stopped at `deadlineMs`.
 */
export async function verdictsOf(app: DurableApp, deadlineMs: number, feed: (check: (instance: CheckedInstance) => Promise<void>) => Promise<void>): Promise<InstanceVerdict[]> {
  const deadline = ReplayDeadline.start(deadlineMs);
  const verdicts: InstanceVerdict[] = [];
  try {
    await feed(async (instance) => void verdicts.push(await verdictOf(app, instance, deadline)));
  } finally {
    await deadline?.stop();
  }
  return verdicts;
}
