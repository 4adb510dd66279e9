import { compactBatch } from '../compact';
import type { StoreChange } from '../types';
import type { HistoryRow, StateDatabase } from './database';
import type { DecodedRecord, EncodedAppend } from './recordCodec';

/**
 * Bring a database up to date with the journal records that follow it, in one transaction (sql.js copies every dirty
 * page into its in-memory file at each commit). The records are applied as one batch's net effect (`compactBatch`:
 * work added and removed again never reaches the database), and each instance's successive history appends become
 * one row made of the journal's own bytes, never parsed into events and serialised again.
 */
export function replayRecords(state: StateDatabase, records: readonly DecodedRecord[]): void {
  const changes: StoreChange[] = [];
  const history = new JoinedHistory();
  for (const record of records) {
    for (const change of record.changes) {
      if (change.op === 'appendHistory') history.append(change);
      else {
        if (change.op === 'clearHistory' || change.op === 'purge') history.discard(change.instanceId);
        if (change.op === 'createInstance') history.close(change.row.instanceId);
        changes.push(change);
      }
    }
  }
  // The rows go in after every other change: the only changes that touch history rows delete them, and the rows
  // appended before such a deletion were discarded above.
  state.applyChanges(compactBatch(changes), history.rows());
}

/** Successive appends to one instance's history, joined while each continues the one before it. */
interface Run {
  instanceId: string;
  firstEventId: number;
  nextEventId: number;
  parts: Uint8Array[];
}

class JoinedHistory {
  private readonly runs = new Map<string, Run[]>();
  private readonly open = new Map<string, Run>();

  append(change: EncodedAppend): void {
    const run = this.open.get(change.instanceId);
    if (run && run.nextEventId === change.firstEventId) {
      run.parts.push(change.eventsJson);
      run.nextEventId += change.eventCount;
      return;
    }
    const started: Run = { instanceId: change.instanceId, firstEventId: change.firstEventId, nextEventId: change.firstEventId + change.eventCount, parts: [change.eventsJson] };
    this.open.set(change.instanceId, started);
    const runs = this.runs.get(change.instanceId);
    if (runs) runs.push(started);
    else this.runs.set(change.instanceId, [started]);
  }

  /** The next append starts a row of its own (an instance created anew numbers its events from the start). */
  close(instanceId: string): void {
    this.open.delete(instanceId);
  }

  /** The instance's history so far is deleted: its rows are never written. */
  discard(instanceId: string): void {
    this.open.delete(instanceId);
    this.runs.delete(instanceId);
  }

  rows(): HistoryRow[] {
    return [...this.runs.values()].flat().map((run) => ({ instanceId: run.instanceId, firstEventId: run.firstEventId, eventsJson: joinJsonArrays(run.parts) }));
  }
}

const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** JSON arrays (as UTF-8 bytes, each `[…]`) joined into one array holding all their elements. */
function joinJsonArrays(parts: Uint8Array[]): Uint8Array {
  const nonEmpty = parts.filter((part) => part.length > 2);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? parts[0];
  const joined = Buffer.allocUnsafe(nonEmpty.reduce((sum, part) => sum + part.length - 1, 1));
  let offset = 0;
  for (const [index, part] of nonEmpty.entries()) {
    joined[offset] = index === 0 ? OPEN_BRACKET : COMMA;
    joined.set(part.subarray(1, part.length - 1), offset + 1);
    offset += part.length - 1;
  }
  joined[offset] = CLOSE_BRACKET;
  return joined;
}
