import * as fs from 'node:fs';
import { crc32 } from 'node:zlib';
import type { StoreChange } from '../../../../runtime/src/store/types';

/** The journal's on-disk format, read independently of the store so tests see what really reached the disk. */
export const JOURNAL_MAGIC = Buffer.from('DTSJOURNAL4\n');
const RECORD_HEADER = 8; // u32 payload length + u32 crc32 of the payload, little-endian

export interface DiskRecord {
  /** Byte offset of the record's header in the file. */
  offset: number;
  /** Offset just past the record. */
  end: number;
  lsn: number;
  changes: StoreChange[];
}

/** Every intact record of a journal file; throws if the file has anything else in it. */
export function readJournal(file: string): DiskRecord[] {
  const { records, complete } = parse(fs.readFileSync(file), file);
  if (!complete) throw new Error(`${file} has a damaged record after byte ${records.at(-1)?.end ?? JOURNAL_MAGIC.length}`);
  return records;
}

/** The intact records of a journal another process is appending to: a record still being written is left out. */
export function readJournalSoFar(file: string): DiskRecord[] {
  return fs.existsSync(file) ? parse(fs.readFileSync(file), file).records : [];
}

function parse(contents: Buffer, file: string): { records: DiskRecord[]; complete: boolean } {
  if (!contents.subarray(0, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC)) throw new Error(`${file} does not start with the journal header`);
  const records: DiskRecord[] = [];
  let offset = JOURNAL_MAGIC.length;
  while (offset < contents.length) {
    if (offset + RECORD_HEADER > contents.length) return { records, complete: false };
    const length = contents.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    const payload = contents.subarray(offset + RECORD_HEADER, end);
    if (end > contents.length || crc32(payload) !== contents.readUInt32LE(offset + 4)) return { records, complete: false };
    records.push({ offset, end, ...decodePayload(payload) });
    offset = end;
  }
  return { records, complete: true };
}

/**
 * A payload is a u32 outline length, the outline (JSON: the record's number and its changes, the frequent ones as
 * tuples, appended history as its event count and byte length), then each append's events as a JSON array.
 */
function decodePayload(payload: Buffer): { lsn: number; changes: StoreChange[] } {
  const outlineEnd = 4 + payload.readUInt32LE(0);
  const outline = JSON.parse(payload.toString('utf8', 4, outlineEnd)) as { lsn: number; changes: unknown[] };
  let offset = outlineEnd;
  const changes = outline.changes.map((entry): StoreChange => {
    if (!Array.isArray(entry)) return entry as StoreChange;
    const [tag, a, b, , bytes] = entry;
    switch (tag) {
      case 'h': {
        const events = JSON.parse(payload.toString('utf8', offset, offset + bytes));
        offset += bytes;
        return { op: 'appendHistory', instanceId: a, firstEventId: b, events };
      }
      case 'u':
        return { op: 'updateInstance', instanceId: a, update: b };
      case 'a':
        return { op: 'addActivity', item: a };
      case 'r':
        return { op: 'removeActivity', activityId: a };
      case 'e':
        return { op: 'enqueue', message: a };
      case 'k':
        return { op: 'ack', messageId: a };
      default:
        throw new Error(`unknown change ${JSON.stringify(entry)}`);
    }
  });
  if (offset !== payload.length) throw new Error(`the record's history holds ${payload.length - offset} bytes more than its outline says`);
  return { lsn: outline.lsn, changes };
}
