import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreCorruptError } from '../../api/errors';
import { syncDirectory } from './directory';
import { ForeignDatabaseError, OtherStoreFormatError, StateDatabase } from './database';
import { FIRST_CHECKSUMMED_FORMAT, otherFormatMessage } from './format';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0');

/**
 * A snapshot is the database's bytes followed by this trailer: a marker and the crc32 of the bytes before it, so a
 * flipped bit anywhere (in a page SQLite would happily read, such as a stored output) is found when it is opened.
 */
const TRAILER_MARKER = Buffer.from('DTSSNAPSHOT\n');
const TRAILER_BYTES = TRAILER_MARKER.length + 4;

function trailerFor(database: Uint8Array): Buffer {
  const trailer = Buffer.alloc(TRAILER_BYTES);
  TRAILER_MARKER.copy(trailer);
  trailer.writeUInt32LE(crc32(database), TRAILER_MARKER.length);
  return trailer;
}

/** Replace the snapshot atomically: write a temp file, fsync it, rename it over, fsync the directory. */
export function writeSnapshotAtomically(target: string, database: Uint8Array): void {
  const temp = `${target}.tmp-${process.pid}`;
  const fd = fs.openSync(temp, 'w');
  try {
    try {
      writeWhole(fd, database);
      writeWhole(fd, trailerFor(database));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    // A full disk: the part written would only take up space the journal needs.
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.renameSync(temp, target);
  syncDirectory(path.dirname(target));
}

function writeWhole(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/**
 * The database in a snapshot file, or a new one when there is no file. Anything damaged, foreign or written by
 * another version is refused with a message naming the file; the file is only read.
 */
export async function readSnapshot(file: string): Promise<StateDatabase> {
  if (!fs.existsSync(file)) return StateDatabase.create();
  const contents = fs.readFileSync(file);
  const untouched = 'It was left untouched; restore it from a backup or move it away.';
  if (contents.length === 0) {
    // Never written that way (a snapshot is renamed into place whole): the file was emptied after the fact.
    throw new StoreCorruptError(`${file} is empty (0 bytes), but a durable-ts snapshot never is: the store's data is gone from it. ${untouched}`);
  }
  if (contents.length < SQLITE_HEADER.length || !SQLITE_HEADER.equals(contents.subarray(0, SQLITE_HEADER.length))) {
    throw new StoreCorruptError(`${file} is not a durable-ts store (it is not a SQLite database). It was left untouched; pass another --store or move it away.`);
  }
  const sealed = contents.length >= TRAILER_BYTES && TRAILER_MARKER.equals(contents.subarray(contents.length - TRAILER_BYTES, contents.length - 4));
  const database = sealed ? contents.subarray(0, contents.length - TRAILER_BYTES) : contents;
  if (sealed && crc32(database) !== contents.readUInt32LE(contents.length - 4)) {
    throw new StoreCorruptError(`${file} is damaged: its contents no longer match the checksum written with them (changed on disk after it was written). ${untouched}`);
  }
  let state: StateDatabase;
  try {
    state = await StateDatabase.create(database);
  } catch (error) {
    if (error instanceof OtherStoreFormatError) throw new StoreCorruptError(otherFormatMessage(file, error.format));
    if (error instanceof ForeignDatabaseError) {
      throw new StoreCorruptError(
        `${file} is a SQLite database but not a durable-ts store (it has tables ${error.tables.join(', ')}). It was left untouched; pass another --store or move it away.`,
      );
    }
    throw new StoreCorruptError(`${file} is damaged and cannot be opened (${(error as Error).message}). ${untouched}`);
  }
  const problem = sealed ? undefined : state.format >= FIRST_CHECKSUMMED_FORMAT ? 'its checksum is missing (the file was cut short?)' : integrityProblem(state);
  if (problem) {
    state.close();
    throw new StoreCorruptError(`${file} is damaged: ${problem}. ${untouched}`);
  }
  return state;
}

function integrityProblem(state: StateDatabase): string | undefined {
  try {
    const problems = state.integrityProblems();
    return problems && `SQLite's integrity check fails (${problems})`;
  } catch (error) {
    return `SQLite cannot read it (${(error as Error).message})`;
  }
}

/**
 * A host killed while writing a snapshot leaves the temp file behind, as large as the database. Only the store's
 * owner writes snapshots, so once it holds the lock any such file is abandoned.
 */
export function removeAbandonedSnapshots(target: string): void {
  const prefix = `${path.basename(target)}.tmp-`;
  for (const name of fs.readdirSync(path.dirname(target))) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(path.dirname(target), name), { force: true });
  }
}
