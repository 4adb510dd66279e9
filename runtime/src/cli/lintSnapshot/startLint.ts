import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedMarkerOf, LINT_SNAPSHOT_KEY_VARIABLE, LINT_V8_FLAGS, lintSnapshot, lintSnapshotInputs } from './snapshotFile';

/** The lint's own exit codes (clean, errors found, usage); anything else from a snapshot's process is its failure. */
const LINT_EXIT_CODES = [0, 1, 2];

/**
 * `durable-ts lint ARGS...` run from its startup snapshot, its output passed on (warnings first, as the lint prints
 * them); undefined when it has none yet (one is then prepared in the background) or the snapshot did not start (it
 * is then removed, and marked as failed so that lints go on without one). Loads nothing of the lint itself: a lint
 * from the snapshot is two Node starts, and this is all the first one does.
 */
export function lintFromSnapshot(argv: string[], cwd: string): number | undefined {
  const snapshot = lintSnapshot(lintSnapshotInputs());
  if (!snapshot || fs.existsSync(failedMarkerOf(snapshot.file))) return undefined;
  if (!fs.existsSync(snapshot.file)) {
    prepareInBackground(snapshot.file);
    return undefined;
  }
  const run = spawnSync(process.execPath, [...LINT_V8_FLAGS, '--snapshot-blob', snapshot.file, '--', ...argv], {
    cwd, env: lintProcessEnvironment(snapshot.key), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024,
  });
  if (run.status === null || !LINT_EXIT_CODES.includes(run.status)) {
    try {
      fs.rmSync(snapshot.file, { force: true });
      fs.writeFileSync(failedMarkerOf(snapshot.file), '');
    } catch {
      // A read-only cache: the lint still runs, without its snapshot.
    }
    return undefined;
  }
  if (run.stderr) process.stderr.write(run.stderr);
  process.stdout.write(run.stdout);
  // Marks it used: unused snapshots are pruned.
  const now = new Date();
  fs.utimes(snapshot.file, now, now, () => {});
  return run.status;
}

/**
 * This process's environment with the snapshot's key (the snapshot starts a lint for that key only), and without
 * NODE_EXTRA_CA_CERTS: Node reads and parses those certificates as it starts, before any code runs (a system bundle
 * takes tens of milliseconds), and the lint makes no TLS connection. This process has read them already (and
 * warned if they could not be read).
 */
function lintProcessEnvironment(key: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, [LINT_SNAPSHOT_KEY_VARIABLE]: key };
  delete environment.NODE_EXTRA_CA_CERTS;
  return environment;
}

function prepareInBackground(snapshot: string): void {
  const prepare = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'lintSnapshot', 'prepare.js');
  try {
    spawn(process.execPath, [prepare, snapshot], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    // No process to spare: the next lint prepares it.
  }
}
