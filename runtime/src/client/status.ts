import type { HistoryEvent, OrchestrationStatus, RuntimeStatus } from '../api/types';
import { fromJson } from '../engine/serialization';
import type { InstanceRow } from '../store/types';

export function isTerminal(status: RuntimeStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

/** The Durable Functions status shape of an instance. */
export function toStatus(row: InstanceRow, history?: HistoryEvent[]): OrchestrationStatus {
  const status: OrchestrationStatus = {
    name: row.name,
    instanceId: row.instanceId,
    runtimeStatus: row.status,
    input: fromJson(row.input) ?? null,
    customStatus: fromJson(row.customStatus) ?? null,
    output: fromJson(row.output) ?? null,
    createdTime: new Date(row.createdAt).toISOString(),
    lastUpdatedTime: new Date(row.updatedAt).toISOString(),
    version: row.version,
  };
  if (history) status.historyEvents = history;
  return status;
}
