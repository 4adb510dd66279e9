import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as Debugging from 'durable-ts/debugging';
import { DEBUGGING_INTERFACE_VERSION } from '../../../runtime/src/debugging/interfaceVersion';
import { LaunchConfigurationError } from './chooseOrchestration';

/** The runtime's debugging interface, as the durable-ts the app resolves offers it. */
export type DebuggingInterface = typeof Debugging;

/**
 * Loads `durable-ts/debugging` from the durable-ts the app itself resolves (so the app and the host share one
 * registry and one engine), with its TypeScript loader registered (what loading the app would do first). A
 * durable-ts that speaks another version of the interface is refused with both versions named.
 */
export function loadDebuggingInterface(program: string, runtimeDir: string): DebuggingInterface {
  let debugging: DebuggingInterface;
  try {
    debugging = createRequire(program)('durable-ts/debugging') as DebuggingInterface;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A durable-ts from before the interface: its package exports no `./debugging`.
    if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new LaunchConfigurationError(versionMismatch(releaseOf(runtimeDir), runtimeDir, undefined));
  }
  if (debugging.version !== DEBUGGING_INTERFACE_VERSION) throw new LaunchConfigurationError(versionMismatch(releaseOf(runtimeDir), runtimeDir, debugging.version));
  debugging.registerTypeScript();
  return debugging;
}

/** What the Debug Console says when the app's durable-ts speaks another version of the debugging interface (`undefined`: none). */
export function versionMismatch(release: string, runtimeDir: string, version: number | undefined): string {
  const which = `The app's durable-ts ${release} (${runtimeDir})`;
  if (version !== undefined && version > DEBUGGING_INTERFACE_VERSION) {
    return `${which} is newer than this Durable TS extension supports: it speaks version ${version} of the debugging interface, and the extension speaks version ${DEBUGGING_INTERFACE_VERSION}. Update the Durable TS extension.`;
  }
  const has = version === undefined ? 'has no debugging interface' : `speaks version ${version} of the debugging interface`;
  return `${which} is older than this Durable TS extension supports: it ${has}, the extension needs version ${DEBUGGING_INTERFACE_VERSION}. Update durable-ts in the app's project (npm install durable-ts@latest).`;
}

function releaseOf(runtimeDir: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(runtimeDir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'of unknown version';
  } catch {
    return 'of unknown version';
  }
}
