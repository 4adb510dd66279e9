import * as fs from 'node:fs';
import * as path from 'node:path';
import { durableCacheFolder } from '../../host/cacheFolder';

/**
 * Where the lint's startup snapshot lives, and what it is made of. A snapshot only starts in the Node binary that
 * made it, and holds the compiler and the lint as they were: its key names the Node binary and each input's size
 * and time, so an upgrade of either never meets a stale snapshot (the old one is pruned later). The snapshot holds
 * its key and starts a lint only for the very same key (see builder.ts): the file's name, a short hash of the key,
 * only finds it. (No cryptographic hash: loading node:crypto would cost every lint more than the hash is worth.)
 */
export interface LintSnapshotInputs {
  typescript: string;
  lint: string;
  builder: string;
  typings: string;
  io: string;
}

/** The package's files, the same from src/cli/lintSnapshot and dist/cli/lintSnapshot (the lint is only in dist). */
export function lintSnapshotInputs(): LintSnapshotInputs {
  const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
  return {
    typescript: require.resolve('typescript'),
    lint: path.join(dist, 'lint', 'cli.js'),
    builder: path.join(dist, 'cli', 'lintSnapshot', 'builder.js'),
    typings: path.join(dist, 'index.d.ts'),
    io: path.join(dist, 'cli', 'io.js'),
  };
}

/**
 * The V8 flags a lint from the snapshot runs with, and the snapshot is built with (V8 refuses a snapshot built with
 * other flags): a larger young generation lets most of the parser's short-lived objects die without a scavenge.
 */
export const LINT_V8_FLAGS = ['--max-semi-space-size=64'];

/** The variable that hands a lint from the snapshot the key its snapshot must have been built for. */
export const LINT_SNAPSHOT_KEY_VARIABLE = 'DURABLE_TS_LINT_SNAPSHOT_KEY';

/** Exit code of a lint from a snapshot built for another key: it started nothing. */
export const EXIT_OTHER_SNAPSHOT = 3;

export interface LintSnapshot {
  file: string;
  key: string;
}

/**
 * The snapshot for these inputs and this Node, or undefined when caches are off or an input is missing.
 * NODE_OPTIONS counts too: the snapshot's process inherits it, and its flags must match the snapshot's. The flags of
 * the process asking do not (the snapshot's process is started without them), so a CLI run as `node durable-ts.js`
 * and a script run with `--import tsx` name the same snapshot.
 */
export function lintSnapshot(inputs: LintSnapshotInputs): LintSnapshot | undefined {
  const folder = durableCacheFolder('lint');
  if (!folder) return undefined;
  const parts = [process.execPath, process.version, process.arch, process.env.NODE_OPTIONS ?? '', ...LINT_V8_FLAGS];
  for (const file of Object.values(inputs)) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return undefined;
    parts.push(file, String(stat.size), String(stat.mtimeMs));
  }
  const key = JSON.stringify(parts);
  return { file: path.join(folder, `${shortHash(key)}.blob`), key };
}

/** The snapshot's file for these inputs and this Node (see lintSnapshot). */
export function lintSnapshotFile(inputs: LintSnapshotInputs): string | undefined {
  return lintSnapshot(inputs)?.file;
}

/** 64-bit FNV-1a, as 16 hex digits: a file name for a key, which the snapshot then checks in full. */
function shortHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/** Present when this snapshot could not be made or did not start: lints then run without one, and prepare none. */
export function failedMarkerOf(snapshot: string): string {
  return `${snapshot}.failed`;
}
