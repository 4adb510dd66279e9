import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { durableCacheFolder } from '../../host/erasedCache';

/**
 * Where the lint's startup snapshot lives, and what it is made of. A snapshot only starts in the Node binary that
 * made it, and holds the compiler and the lint as they were: its name is a hash of the Node binary and of each
 * input's size and time, so an upgrade of either never meets a stale snapshot (the old one is pruned later).
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

/**
 * The snapshot's file for these inputs and this Node, or undefined when caches are off or an input is missing.
 * NODE_OPTIONS counts too: the snapshot's process inherits it, and its flags must match the snapshot's. The flags of
 * the process asking do not (the snapshot's process is started without them), so a CLI run as `node durable-ts.js`
 * and a script run with `--import tsx` name the same snapshot.
 */
export function lintSnapshotFile(inputs: LintSnapshotInputs): string | undefined {
  const folder = durableCacheFolder('lint');
  if (!folder) return undefined;
  const node = [process.execPath, process.version, process.arch, process.env.NODE_OPTIONS ?? '', ...LINT_V8_FLAGS];
  const hash = createHash('sha256').update(node.join('\0'));
  for (const file of Object.values(inputs)) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return undefined;
    hash.update(`\0${file}\0${stat.size}\0${stat.mtimeMs}`);
  }
  return path.join(folder, `${hash.digest('hex').slice(0, 32)}.blob`);
}

/** Present when this snapshot could not be made or did not start: lints then run without one, and prepare none. */
export function failedMarkerOf(snapshot: string): string {
  return `${snapshot}.failed`;
}
