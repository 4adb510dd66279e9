import type { StoreChange } from '../types';

/**
 * The payload of a journal record (format 4 on), which its header checksums whole:
 *
 *   u32 LE length of the outline | outline: UTF-8 JSON {"lsn", "changes"} | each appended history's events, as JSON
 *
 * The outline names each history append with its event count and byte length; the events follow it, one JSON array
 * per append, in the outline's order. Recovery copies those bytes into the database as they are (a history row is
 * that very JSON) instead of parsing every event only to serialise it again. The most frequent changes are written
 * as short tuples, since a record of many small changes is mostly their field names otherwise; any other change
 * (and any kind added later) is written whole.
 */
const OUTLINE_LENGTH_BYTES = 4;

/** An appended history whose events are still the JSON the journal holds: a history row's contents. */
export interface EncodedAppend {
  op: 'appendHistory';
  instanceId: string;
  firstEventId: number;
  eventCount: number;
  eventsJson: Uint8Array;
}

/** A change as recovery reads it from the journal. */
export type JournaledChange = Exclude<StoreChange, { op: 'appendHistory' }> | EncodedAppend;

export interface DecodedRecord {
  lsn: number;
  changes: JournaledChange[];
}

type OutlineEntry =
  | ['h', instanceId: string, firstEventId: number, eventCount: number, bytes: number]
  | ['u', instanceId: string, update: Extract<StoreChange, { op: 'updateInstance' }>['update']]
  | ['a', item: Extract<StoreChange, { op: 'addActivity' }>['item']]
  | ['r', activityId: number]
  | ['e', message: Extract<StoreChange, { op: 'enqueue' }>['message']]
  | ['k', messageId: number]
  | Exclude<StoreChange, { op: 'appendHistory' }>;

/**
 * The payload of a record holding `changes`, in a buffer from `allocate` (given the size it needs); `header` bytes
 * are left free in front of it for the caller.
 */
export function encodeRecord(lsn: number, changes: readonly StoreChange[], header: number, allocate: (bytes: number) => Buffer): Buffer {
  const events: string[] = [];
  const eventBytes: number[] = [];
  const outline: OutlineEntry[] = changes.map((change) => {
    switch (change.op) {
      case 'appendHistory': {
        const json = JSON.stringify(change.events);
        const bytes = Buffer.byteLength(json);
        events.push(json);
        eventBytes.push(bytes);
        return ['h', change.instanceId, change.firstEventId, change.events.length, bytes];
      }
      case 'updateInstance':
        return ['u', change.instanceId, change.update];
      case 'addActivity':
        return ['a', change.item];
      case 'removeActivity':
        return ['r', change.activityId];
      case 'enqueue':
        return ['e', change.message];
      case 'ack':
        return ['k', change.messageId];
      default:
        return change;
    }
  });
  const outlineJson = JSON.stringify({ lsn, changes: outline });
  const outlineBytes = Buffer.byteLength(outlineJson);
  // Written straight into one buffer: a batch can be megabytes, not worth a second copy.
  const buffer = allocate(header + OUTLINE_LENGTH_BYTES + outlineBytes + eventBytes.reduce((sum, bytes) => sum + bytes, 0));
  buffer.writeUInt32LE(outlineBytes, header);
  let offset = header + OUTLINE_LENGTH_BYTES;
  offset += buffer.write(outlineJson, offset);
  for (let i = 0; i < events.length; i++) offset += buffer.write(events[i], offset, eventBytes[i]);
  return buffer;
}

/** The record a payload holds, or undefined when it is not one (it passed its checksum, so it was never written whole). */
export function decodeRecord(payload: Buffer): DecodedRecord | undefined {
  if (payload.length < OUTLINE_LENGTH_BYTES) return undefined;
  const outlineEnd = OUTLINE_LENGTH_BYTES + payload.readUInt32LE(0);
  if (outlineEnd > payload.length) return undefined;
  let outline: { lsn: unknown; changes: unknown };
  try {
    outline = JSON.parse(payload.toString('utf8', OUTLINE_LENGTH_BYTES, outlineEnd));
  } catch {
    return undefined;
  }
  if (typeof outline?.lsn !== 'number' || !Array.isArray(outline.changes)) return undefined;
  let offset = outlineEnd;
  const changes: JournaledChange[] = [];
  for (const entry of outline.changes as OutlineEntry[]) {
    const change = decodeEntry(entry, () => {
      const bytes = (entry as Extract<OutlineEntry, ['h', ...unknown[]]>)[4];
      const eventsJson = payload.subarray(offset, offset + bytes);
      offset += bytes;
      return eventsJson;
    });
    if (!change) return undefined;
    changes.push(change);
  }
  // Every byte accounted for, each append an array: a record that says otherwise was not written by this code.
  if (offset !== payload.length) return undefined;
  return { lsn: outline.lsn, changes };
}

function decodeEntry(entry: OutlineEntry, takeEvents: () => Buffer): JournaledChange | undefined {
  if (!Array.isArray(entry)) return typeof entry?.op === 'string' ? entry : undefined;
  switch (entry[0]) {
    case 'h': {
      const eventsJson = takeEvents();
      if (eventsJson.length !== entry[4] || eventsJson[0] !== 0x5b || eventsJson[eventsJson.length - 1] !== 0x5d) return undefined; // [ … ]
      return { op: 'appendHistory', instanceId: entry[1], firstEventId: entry[2], eventCount: entry[3], eventsJson };
    }
    case 'u':
      return { op: 'updateInstance', instanceId: entry[1], update: entry[2] };
    case 'a':
      return { op: 'addActivity', item: entry[1] };
    case 'r':
      return { op: 'removeActivity', activityId: entry[1] };
    case 'e':
      return { op: 'enqueue', message: entry[1] };
    case 'k':
      return { op: 'ack', messageId: entry[1] };
    default:
      return undefined;
  }
}

/** A record of the formats before 4: the whole record as one JSON document. */
export function decodeJsonRecord(payload: Buffer): DecodedRecord | undefined {
  let record: { lsn: unknown; changes: unknown };
  try {
    record = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof record?.lsn !== 'number' || !Array.isArray(record.changes)) return undefined;
  const changes = (record.changes as StoreChange[]).map((change): JournaledChange =>
    change.op === 'appendHistory'
      ? { op: 'appendHistory', instanceId: change.instanceId, firstEventId: change.firstEventId, eventCount: change.events.length, eventsJson: Buffer.from(JSON.stringify(change.events)) }
      : change,
  );
  return { lsn: record.lsn, changes };
}
