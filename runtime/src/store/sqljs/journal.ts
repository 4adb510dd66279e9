import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreCorruptError } from '../../api/errors';
import type { StoreChange } from '../types';
import { syncDirectory } from './directory';
import { isReadableFormat, otherFormatMessage, STORE_FORMAT } from './format';
import { decodeJsonRecord, decodeRecord, encodeRecord, type DecodedRecord } from './recordCodec';

const headerFor = (format: number) => Buffer.from(`DTSJOURNAL${format}\n`);
const MAGIC = headerFor(STORE_FORMAT);
export const JOURNAL_HEADER_BYTES = MAGIC.length;
const RECORD_HEADER = 8; // u32 length + u32 crc32 of the payload

/**
 * Records up to this size are encoded into one buffer the journal keeps, rather than into a new one each: a busy
 * host writes hundreds a second, and their memory, outside the JavaScript heap, was only given back by the garbage
 * collections that happened to reach them.
 */
const REUSED_BUFFER_MAX_BYTES = 4 * 1024 * 1024;

export interface JournalRecord {
  lsn: number;
  changes: StoreChange[];
}

/** An incomplete last record, dropped: a write a crash cut short (never acknowledged). */
export interface TornTail {
  offset: number;
  bytes: number;
}

/** Damage other than a torn tail: where it starts, and what lies from there to the end. */
export interface JournalDamage {
  offset: number;
  reason: string;
  /** The damaged record and every intact-looking record after it. */
  recordsLost: number;
  bytesLost: number;
}

export interface JournalContents {
  records: DecodedRecord[];
  /** The journal's store format (an older, upgradable one until a writer rewrites it). */
  format: number;
  tornTail: TornTail | undefined;
  damage: JournalDamage | undefined;
}

/**
 * Append-only log of committed batches. Each record is checksummed; one fdatasync makes a whole batch durable.
 * After a crash the records are replayed on top of the last snapshot; a torn last record is dropped.
 */
export class Journal {
  private reused = Buffer.allocUnsafeSlow(64 * 1024);

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private size: number,
  ) {}

  /**
   * Read a journal without changing it (none at all reads as empty). Throws for a file that is not a journal of a
   * readable format; reports damage rather than throwing, for the caller to decide.
   */
  static read(path: string): JournalContents {
    if (!fs.existsSync(path)) return { records: [], format: STORE_FORMAT, tornTail: undefined, damage: undefined };
    return parse(fs.readFileSync(path), path);
  }

  /**
   * Open for appending (creating it if needed) a journal already `read` and found free of damage: drops its torn
   * tail and, for an upgradable format, leaves the header to the first reset.
   */
  static openForAppend(path: string, contents: JournalContents): Journal {
    const existed = fs.existsSync(path);
    const fd = fs.openSync(path, existed ? 'r+' : 'w+');
    const size = fs.fstatSync(fd).size;
    if (size < MAGIC.length) {
      // New, or its header was torn while it was created: (re)write the whole header before any record.
      fs.writeSync(fd, MAGIC, 0, MAGIC.length, 0);
      fs.fdatasyncSync(fd);
      // Records synced into a file whose directory entry is not on disk would vanish with it on power loss.
      if (!existed) syncDirectory(dirname(path));
      return new Journal(path, fd, MAGIC.length);
    }
    const end = contents.tornTail ? contents.tornTail.offset : size;
    if (end < size) {
      fs.ftruncateSync(fd, end);
      fs.fdatasyncSync(fd);
    }
    return new Journal(path, fd, end);
  }

  get bytes(): number {
    return this.size;
  }

  /** Append one record and make it durable; when that fails, the journal is as it was before. */
  async append(record: JournalRecord): Promise<void> {
    // Encoded and written before anything else can run (the sync is what is awaited), so one buffer serves every append.
    const buffer = encodeRecord(record.lsn, record.changes, RECORD_HEADER, (bytes) => this.bufferOf(bytes));
    buffer.writeUInt32LE(buffer.length - RECORD_HEADER, 0);
    buffer.writeUInt32LE(crc32(buffer.subarray(RECORD_HEADER)), 4);
    const offset = this.size;
    try {
      // Written synchronously (it only reaches the page cache): one trip through the thread pool per sync, not two,
      // which a sequential chain, waiting for a sync every step, feels on a busy machine.
      for (let written = 0; written < buffer.length; ) written += fs.writeSync(this.fd, buffer, written, buffer.length - written, offset + written);
      await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      // Take back whatever part reached the file (a full disk), so the record can be written again whole. Were
      // this to fail too, the part left is a torn tail that recovery drops: nothing acknowledged is lost.
      try {
        fs.ftruncateSync(this.fd, offset);
      } catch {}
      throw error;
    }
    this.size = offset + buffer.length;
  }

  private bufferOf(bytes: number): Buffer {
    if (bytes > REUSED_BUFFER_MAX_BYTES) return Buffer.allocUnsafe(bytes);
    if (bytes > this.reused.length) this.reused = Buffer.allocUnsafeSlow(Math.min(REUSED_BUFFER_MAX_BYTES, Math.max(bytes, 2 * this.reused.length)));
    return this.reused.subarray(0, bytes);
  }

  /** Drop every record: they are all in the snapshot just written. Also brings an upgraded journal's header up to date. */
  reset(): void {
    fs.writeSync(this.fd, MAGIC, 0, MAGIC.length, 0);
    fs.ftruncateSync(this.fd, MAGIC.length);
    fs.fdatasyncSync(this.fd);
    this.size = MAGIC.length;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Keep the records before `damage` and drop the rest, after copying the journal whole to `backup`. */
export function cutJournalAt(path: string, damage: JournalDamage, backup: string): void {
  fs.copyFileSync(path, backup, fs.constants.COPYFILE_EXCL);
  const copy = fs.openSync(backup, 'r');
  try {
    fs.fsyncSync(copy);
  } finally {
    fs.closeSync(copy);
  }
  syncDirectory(dirname(path));
  const fd = fs.openSync(path, 'r+');
  try {
    fs.ftruncateSync(fd, damage.offset);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function parse(contents: Buffer, path: string): JournalContents {
  const format = headerFormat(contents, path);
  const decode = format === STORE_FORMAT ? decodeRecord : decodeJsonRecord;
  const records: DecodedRecord[] = [];
  let offset = MAGIC.length;
  while (offset + RECORD_HEADER <= contents.length) {
    const length = contents.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    // A crash can leave the file extended with zeros its data never reached, or stop a write part way.
    if (end > contents.length || isZeroFilled(contents, offset)) return { records, format, tornTail: tail(contents, offset), damage: undefined };
    const payload = contents.subarray(offset + RECORD_HEADER, end);
    const checksumOk = crc32(payload) === contents.readUInt32LE(offset + 4);
    // An all-zero header passes the checksum (crc32 of nothing is 0), so a record must also parse.
    const record = checksumOk ? decode(payload) : undefined;
    if (!record) {
      // Written whole, the last record ends in JSON's closing bracket or brace; zeros there are data that never reached the disk.
      if (end === contents.length && contents[end - 1] === 0) return { records, format, tornTail: tail(contents, offset), damage: undefined };
      return { records, format, tornTail: undefined, damage: damageAt(contents, offset, checksumOk ? 'cannot be read' : 'fails its checksum') };
    }
    records.push(record);
    offset = end;
  }
  return { records, format, tornTail: offset < contents.length ? tail(contents, offset) : undefined, damage: undefined };
}

function headerFormat(contents: Buffer, path: string): number {
  if (contents.length < MAGIC.length && MAGIC.subarray(0, contents.length).equals(contents)) return STORE_FORMAT; // new, or torn while created
  const found = /^DTSJOURNAL(\d+)\n/.exec(contents.subarray(0, 32).toString('latin1'));
  if (!found) throw new StoreCorruptError(`${path} is not a durable-ts journal (bad header). It was left untouched; move it away to start afresh.`);
  const format = Number(found[1]);
  if (!isReadableFormat(format)) throw new StoreCorruptError(otherFormatMessage(path, format));
  return format;
}

function tail(contents: Buffer, offset: number): TornTail {
  return { offset, bytes: contents.length - offset };
}

/** How much is lost from a damaged record on: it, and the records that still look intact after it. */
function damageAt(contents: Buffer, offset: number, problem: string): JournalDamage {
  let recordsLost = 1;
  let next = offset + RECORD_HEADER + contents.readUInt32LE(offset);
  while (next + RECORD_HEADER <= contents.length) {
    const length = contents.readUInt32LE(next);
    const end = next + RECORD_HEADER + length;
    // Zeros pass the checksum as empty records: they end the count (whatever lies beyond them is lost too).
    if (length === 0 || end > contents.length || crc32(contents.subarray(next + RECORD_HEADER, end)) !== contents.readUInt32LE(next + 4)) break;
    recordsLost++;
    next = end;
  }
  return { offset, reason: `the record at byte ${offset} ${problem}`, recordsLost, bytesLost: contents.length - offset };
}

function isZeroFilled(contents: Buffer, from: number): boolean {
  for (let i = from; i < contents.length; i++) if (contents[i] !== 0) return false;
  return true;
}
