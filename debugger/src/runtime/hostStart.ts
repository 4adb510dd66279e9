import * as path from 'node:path';
import type { LaunchOptions, NodeCommand } from './replayDebugRuntime';
import { resolveHostEntry, resolveRuntimeDir, type HostEntry } from './runtimeLocation';

/** How a launch starts its host: everything a host's Node takes in before it runs the app. */
export interface HostStart {
  entry: HostEntry;
  cwd: string;
  /** The launch's environment, on top of the adapter's own. */
  env: Record<string, string>;
  /** The Node that runs the host (the adapter's own when absent). */
  nodePath?: string;
  /** The app (a warm host loads the durable-ts it resolves, but never the app before the go). */
  program: string;
  runtimeDir: string;
}

/** The app and the folder a launch runs in: `cwd` defaults to the app's folder, and `program` is relative to it. */
export function launchPaths(options: Pick<LaunchOptions, 'program' | 'cwd'>): { program: string; cwd: string } {
  const cwd = options.cwd ?? path.dirname(path.resolve(options.program));
  return { cwd, program: path.resolve(cwd, options.program) };
}

/**
 * How the host of a launch with these options starts. `node`: what runs the app when the launch names no
 * `runtimeExecutable`. Throws when the app cannot resolve durable-ts.
 */
export function hostStartFor(options: Pick<LaunchOptions, 'program' | 'cwd' | 'env' | 'runtimeExecutable'>, node: NodeCommand | undefined): HostStart {
  const { program, cwd } = launchPaths(options);
  const runner = options.runtimeExecutable ? { command: options.runtimeExecutable } : node;
  return { entry: resolveHostEntry(), cwd, env: { ...runner?.env, ...options.env }, nodePath: runner?.command, program, runtimeDir: resolveRuntimeDir(program) };
}
