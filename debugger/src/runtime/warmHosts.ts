import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CdpClient } from '../cdp/cdpClient';
import { HostProcess } from './hostProcess';
import { enableInspector, hostBlackboxPatterns } from './inspectorSetup';
import { mark } from '../shared/timeline';
import { hostStartFor, launchPaths, type HostStart } from './hostStart';
import type { LaunchOptions, NodeCommand } from './replayDebugRuntime';

/** A kept host, as a launch takes it: its inspector enabled already, the events it sent since held for the session. */
export interface KeptHost {
  host: HostProcess;
  cdp: CdpClient;
  /** Resolves once the inspector reports scripts and skips the code it should (`enableInspector`). */
  inspectorEnabled: Promise<unknown>;
}

interface WaitingHost extends KeptHost {
  key: string;
  files: string;
}

/**
 * One debug host kept started ahead of the next launch (Node up, the inspector relayed, the runtime loaded, the
 * app not), for an adapter that lives as long as the editor window (VS Code's inline adapter). A launch takes it
 * only when it would start its host exactly so: the same Node, host script, cwd, environment and durable-ts, and
 * no file the host has loaded (the runtime's, the host's) changed since it started; else it starts one as before.
 * The app itself, and the launch's configuration, reach the host only with the go. A warm host ends with its
 * adapter: disposed, or when the adapter's process dies (its pipes close, and the host exits).
 */
export class WarmHosts {
  private waiting: WaitingHost | undefined;
  private disposed = false;

  /** Starts a host for launches like `start` (replacing one kept for other launches), unless one waits for them already. */
  prepare(start: HostStart): void {
    if (this.disposed) return;
    const key = keyOf(start);
    if (this.waiting && this.waiting.key === key && !this.waiting.host.exited) return;
    this.discard();
    // Taken before the host starts: a file changed while it loads changes this too, and the launch starts afresh.
    const files = loadedFilesStamp(start);
    const host = new HostProcess(start.entry, { program: start.program, runtimeDir: start.runtimeDir, noDebug: false }, { cwd: start.cwd, env: start.env, nodePath: start.nodePath, inspector: true, held: true });
    // Enabled now, not when the launch comes: the inspector then reports every script the host has loaded, which takes
    // longer than the rest of the launch's start.
    const cdp = new CdpClient(host.inspectorChannel, { held: true });
    const inspectorEnabled = enableInspector(cdp, hostBlackboxPatterns(start));
    inspectorEnabled.catch(() => {});
    const waiting = { key, files, host, cdp, inspectorEnabled };
    this.waiting = waiting;
    host.failed.catch(() => {
      if (this.waiting === waiting) this.waiting = undefined;
    });
  }

  /**
   * Prepares for a launch configuration the editor is likely to start (`node`: as for the session). One that could
   * not start a host (no such program, no durable-ts) gets none: its launch says why.
   */
  prepareFor(options: Pick<LaunchOptions, 'program' | 'cwd' | 'env' | 'runtimeExecutable' | 'noDebug'>, node: NodeCommand | undefined): void {
    if (typeof options.program !== 'string' || !fs.existsSync(launchPaths(options).program)) return;
    try {
      this.prepare(hostStartFor(options, node));
    } catch {
      // The app cannot resolve durable-ts: its launch says so.
    }
  }

  /** The host kept for exactly this launch, now the launch's own (release it and its inspector once listening); else undefined. */
  take(start: HostStart): KeptHost | undefined {
    const waiting = this.waiting;
    this.waiting = undefined;
    const refused = !waiting ? 'none kept' : waiting.host.exited ? 'it exited' : waiting.key !== keyOf(start) ? 'another start' : waiting.files !== loadedFilesStamp(start) ? 'its files changed' : undefined;
    if (!refused) return { host: waiting!.host, cdp: waiting!.cdp, inspectorEnabled: waiting!.inspectorEnabled };
    mark(`adapter: no kept host taken (${refused})`);
    waiting?.host.discard();
    return undefined;
  }

  /** Resolves once the kept host has loaded the runtime (false when none is kept or it ended first). */
  async whenLoaded(): Promise<boolean> {
    const host = this.waiting?.host;
    if (!host) return false;
    return Promise.race([host.loaded.then(() => true), host.failed.catch(() => false)]);
  }

  /** The process id of the kept host, if any. */
  get waitingPid(): number | undefined {
    return this.waiting?.host.pid;
  }

  dispose(): void {
    this.disposed = true;
    this.discard();
  }

  private discard(): void {
    this.waiting?.host.discard();
    this.waiting = undefined;
  }
}

/** Everything that makes two host starts the same process: the environment as the host would get it now. */
function keyOf(start: HostStart): string {
  const env = { ...process.env, ...start.env };
  const sortedEnv = Object.keys(env)
    .sort()
    .map((name) => [name, env[name]]);
  return JSON.stringify([start.nodePath ?? process.execPath, start.entry.nodeOptions, start.entry.script, path.resolve(start.cwd), start.runtimeDir, sortedEnv]);
}

/**
 * The size and modification time of every file a warm host loads before the go: the runtime's package (its
 * package.json and dist/) and the host's own code. A rebuilt or reinstalled durable-ts changes it.
 */
function loadedFilesStamp(start: HostStart): string {
  const hash = createHash('sha1');
  const roots = [path.join(start.runtimeDir, 'package.json'), path.join(start.runtimeDir, 'dist'), start.entry.script, ...start.entry.codePaths];
  for (const root of new Set(roots)) stampFiles(root, hash);
  return hash.digest('hex');
}

function stampFiles(file: string, hash: ReturnType<typeof createHash>): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    hash.update(`${file} missing\n`);
    return;
  }
  if (!stat.isDirectory()) {
    hash.update(`${file} ${stat.size} ${stat.mtimeMs}\n`);
    return;
  }
  for (const name of fs.readdirSync(file).sort()) stampFiles(path.join(file, name), hash);
}
