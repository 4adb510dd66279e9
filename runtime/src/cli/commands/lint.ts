import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processIo, type CliIo } from '../io';
import { failedMarkerOf, LINT_V8_FLAGS, lintSnapshotFile, lintSnapshotInputs } from '../lintSnapshot/snapshotFile';

type RunLintCli = (argv: string[], io: CliIo) => Promise<number>;

/** The lint's own exit codes (clean, errors found, usage); anything else from a snapshot's process is its failure. */
const LINT_EXIT_CODES = [0, 1, 2];

/**
 * `lint`: the determinism analyzer is bundled into the package at build time (dist/lint/cli.js, from the language
 * server's sources). On the command line it starts from its startup snapshot (see ../lintSnapshot) when there is
 * one, and prepares one for the next run when there is not; otherwise, and in process, it loads the lint (and the
 * TypeScript compiler) here, once the compile cache (dist/lint/compileCache.js) is on.
 */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  if (io === processIo) {
    const code = lintFromSnapshot(argv, io.cwd);
    if (code !== undefined) return code;
  }
  const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'lint');
  (require(path.join(bundled, 'compileCache.js')) as { enableCompileCache: () => void }).enableCompileCache();
  const { runLintCli } = require(path.join(bundled, 'cli.js')) as { runLintCli: RunLintCli };
  return runLintCli(argv, io);
}

/**
 * The lint run from its snapshot, its output passed on (warnings first, as the lint prints them); undefined when it
 * has none yet (one is then prepared in the background) or the snapshot did not start (it is then removed, and
 * marked as failed so that lints go on without one).
 */
function lintFromSnapshot(argv: string[], cwd: string): number | undefined {
  const snapshot = lintSnapshotFile(lintSnapshotInputs());
  if (!snapshot || fs.existsSync(failedMarkerOf(snapshot))) return undefined;
  if (!fs.existsSync(snapshot)) {
    prepareInBackground(snapshot);
    return undefined;
  }
  const run = spawnSync(process.execPath, [...LINT_V8_FLAGS, '--snapshot-blob', snapshot, '--', ...argv], { cwd, env: lintProcessEnvironment(), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (run.status === null || !LINT_EXIT_CODES.includes(run.status)) {
    try {
      fs.rmSync(snapshot, { force: true });
      fs.writeFileSync(failedMarkerOf(snapshot), '');
    } catch {
      // A read-only cache: the lint still runs, without its snapshot.
    }
    return undefined;
  }
  process.stderr.write(run.stderr);
  process.stdout.write(run.stdout);
  // Marks it used: unused snapshots are pruned.
  const now = new Date();
  fs.utimes(snapshot, now, now, () => {});
  return run.status;
}

/**
 * This process's environment without NODE_EXTRA_CA_CERTS: Node reads and parses those certificates as it starts,
 * before any code runs (a system bundle takes tens of milliseconds), and the lint makes no TLS connection. This
 * process has read them already (and warned if they could not be read).
 */
function lintProcessEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
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
