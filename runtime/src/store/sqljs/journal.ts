import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreCorruptError } from '../../api/errors';
import type { StoreChange } from '../types';
import { syncDirectory } from './directory';
import { otherFormatMessage, STORE_FORMAT } from './format';

const MAGIC = Buffer.from(`DTSJOURNAL${STORE_FORMAT}\n`);
export const JOURNAL_HEADER_BYTES = MAGIC.length;
const RECORD_HEADER = 8; // u32 length + u32 crc32 of the payload

export interface JournalRecord {
  lsn: number;
  changes: StoreChange[];
}

/**
 * Append-only log of committed batches. Each record is checksummed; one fdatasync makes a whole batch durable.
 * After a crash the records are replayed on top of the last snapshot; a torn last record is dropped.
 */
export class Journal {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    private size: number,
  ) {}

  /** Open (creating if needed) and read every intact record. */
  static open(path: string): { journal: Journal; records: JournalRecord[]; droppedTornBytes: number } {
    const existed = fs.existsSync(path);
    const fd = fs.openSync(path, existed ? 'r+' : 'w+');
    const contents = fs.readFileSync(path);
    if (contents.length < MAGIC.length ? !MAGIC.subarray(0, contents.length).equals(contents) : !contents.subarray(0, MAGIC.length).equals(MAGIC)) {
      fs.closeSync(fd);
      const otherFormat = /^DTSJOURNAL(\d+)\n/.exec(contents.subarray(0, 32).toString('latin1'));
      if (otherFormat) throw new StoreCorruptError(otherFormatMessage(path, Number(otherFormat[1])));
      throw new StoreCorruptError(`${path} is not a durable-ts journal (bad header). It was left untouched; move it away to start afresh.`);
    }
    if (contents.length < MAGIC.length) {
      // New, or its header was torn while it was created: (re)write the whole header before any record.
      fs.writeSync(fd, MAGIC, 0, MAGIC.length, 0);
      fs.fdatasyncSync(fd);
      // Records synced into a file whose directory entry is not on disk would vanish with it on power loss.
      if (!existed) syncDirectory(dirname(path));
      return { journal: new Journal(path, fd, MAGIC.length), records: [], droppedTornBytes: 0 };
    }
    let read: ReturnType<typeof readRecords>;
    try {
      read = readRecords(contents, path);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    const { records, intactLength } = read;
    const droppedTornBytes = contents.length - intactLength;
    if (droppedTornBytes > 0) {
      fs.ftruncateSync(fd, intactLength);
      fs.fdatasyncSync(fd);
    }
    return { journal: new Journal(path, fd, Math.max(intactLength, MAGIC.length)), records, droppedTornBytes };
  }

  get bytes(): number {
    return this.size;
  }

  /** Append one record and make it durable. */
  async append(record: JournalRecord): Promise<void> {
    const json = JSON.stringify(record);
    // Encoded straight after the header: a batch can be megabytes, not worth a second copy.
    const length = Buffer.byteLength(json);
    const buffer = Buffer.allocUnsafe(RECORD_HEADER + length);
    buffer.write(json, RECORD_HEADER);
    buffer.writeUInt32LE(length, 0);
    buffer.writeUInt32LE(crc32(buffer.subarray(RECORD_HEADER)), 4);
    const offset = this.size;
    this.size += buffer.length;
    await writeAll(this.fd, buffer, offset);
    await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
  }

  /** Drop every record: they are all in the snapshot just written. */
  reset(): void {
    fs.ftruncateSync(this.fd, MAGIC.length);
    fs.fdatasyncSync(this.fd);
    this.size = MAGIC.length;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function readRecords(contents: Buffer, path: string): { records: JournalRecord[]; intactLength: number } {
  const records: JournalRecord[] = [];
  let offset = MAGIC.length;
  while (offset + RECORD_HEADER <= contents.length) {
    const length = contents.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    if (end > contents.length) break; // torn: the last write did not finish
    const payload = contents.subarray(offset + RECORD_HEADER, end);
    const checksumOk = crc32(payload) === contents.readUInt32LE(offset + 4);
    // An all-zero header passes the checksum (crc32 of nothing is 0), so a record must also parse.
    const record = checksumOk ? parseRecord(payload) : undefined;
    if (!record) {
      // A crash can leave the file extended with zeros its data never reached: that is a torn tail too.
      const tornTail = end >= contents.length || isZeroFilled(contents, offset);
      if (!tornTail) {
        throw new StoreCorruptError(
          `${path} is damaged: the record at byte ${offset} ${checksumOk ? 'cannot be read' : 'fails its checksum'} and is followed by more records. ` +
            `It was left untouched; restore it from a backup or move it away to start afresh.`,
        );
      }
      break;
    }
    records.push(record);
    offset = end;
  }
  return { records, intactLength: offset };
}

function parseRecord(payload: Buffer): JournalRecord | undefined {
  try {
    const record = JSON.parse(payload.toString('utf8')) as JournalRecord;
    return typeof record?.lsn === 'number' && Array.isArray(record.changes) ? record : undefined;
  } catch {
    return undefined;
  }
}

function isZeroFilled(contents: Buffer, from: number): boolean {
  for (let i = from; i < contents.length; i++) if (contents[i] !== 0) return false;
  return true;
}

function writeAll(fd: number, buffer: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const writeFrom = (start: number) =>
      fs.write(fd, buffer, start, buffer.length - start, position + start, (error, written) => {
        if (error) return reject(error);
        if (start + written < buffer.length) return writeFrom(start + written);
        resolve();
      });
    writeFrom(0);
  });
}
