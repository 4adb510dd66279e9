/**
 * Makes the lint's startup snapshot, in a process of its own that the lint leaves running behind it (the first lint
 * after an install or an upgrade runs without it): builds it into a temporary file, checks that a lint starts from it,
 * then moves it into place, so a lint never meets half a snapshot. One preparation at a time per snapshot.
 * Argument: the snapshot's file (lintSnapshotFile).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pruneSnapshots } from './prune';
import { EXIT_OTHER_SNAPSHOT, failedMarkerOf, LINT_SNAPSHOT_KEY_VARIABLE, LINT_V8_FLAGS, lintSnapshot, lintSnapshotInputs } from './snapshotFile';

/** A lock older than this was left by a preparation that died: building takes seconds. */
const STALE_LOCK_MS = 10 * 60 * 1000;

function prepare(snapshot: string): void {
  fs.mkdirSync(path.dirname(snapshot), { recursive: true, mode: 0o700 });
  const lock = `${snapshot}.lock`;
  if (!takeLock(lock)) return;
  const partial = `${snapshot}.${process.pid}.partial`;
  const entry = `${partial}.js`;
  try {
    const inputs = lintSnapshotInputs();
    // Inputs that changed since the lint named this snapshot: the next lint names another.
    const named = lintSnapshot(inputs);
    if (named?.file !== snapshot) return;
    const { key } = named;
    fs.writeFileSync(entry, builderEntry(inputs.builder));
    const keyCheck = JSON.stringify({ variable: LINT_SNAPSHOT_KEY_VARIABLE, key, exitCode: EXIT_OTHER_SNAPSHOT });
    const built = spawnSync(process.execPath, [...LINT_V8_FLAGS, '--snapshot-blob', partial, '--build-snapshot', entry, inputs.typescript, inputs.lint, inputs.typings, inputs.io, keyCheck], { stdio: 'ignore' });
    // A snapshot that cannot be made here (a Node option it does not support, say) is not tried again each lint; a
    // preparation ended by a signal is.
    if (built.status !== 0) return markFailed(snapshot, built.status);
    // Like the erased-source cache's entries: what it holds is code that runs.
    fs.chmodSync(partial, 0o600);
    const started = spawnSync(process.execPath, [...LINT_V8_FLAGS, '--snapshot-blob', partial, '--', '--help'], { encoding: 'utf8', env: { ...process.env, [LINT_SNAPSHOT_KEY_VARIABLE]: key } });
    if (started.status !== 0 || !started.stdout.includes('durable-ts lint')) return markFailed(snapshot, started.status);
    fs.renameSync(partial, snapshot);
    pruneSnapshots(path.dirname(snapshot), snapshot);
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(entry, { force: true });
    fs.rmSync(lock, { force: true });
  }
}

function markFailed(snapshot: string, status: number | null): void {
  if (status !== null) fs.writeFileSync(failedMarkerOf(snapshot), '');
}

/**
 * The script `--build-snapshot` runs: the builder, as a CommonJS module (a snapshot builder's script has `require`
 * but neither `module` nor `exports`).
 */
function builderEntry(builder: string): string {
  const file = JSON.stringify(builder);
  return `new Function('exports', 'require', 'module', '__filename', '__dirname', require('node:fs').readFileSync(${file}, 'utf8'))` +
    `({}, require, { exports: {} }, ${file}, ${JSON.stringify(path.dirname(builder))});\n`;
}

function takeLock(lock: string): boolean {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < STALE_LOCK_MS) return false;
    fs.rmSync(lock, { force: true });
    return takeLock(lock);
  }
}

try {
  prepare(process.argv[2]);
} catch {
  // A full or read-only disk: lints go on without the snapshot, and the next one tries again.
}
