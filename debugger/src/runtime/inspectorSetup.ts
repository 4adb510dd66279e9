import * as path from 'node:path';
import type { CdpClient } from '../cdp/cdpClient';
import type { HostStart } from './hostStart';
import { ScriptRegistry } from './scripts';

/** Code stepping never stops in for a launched host: Node's, dependencies', the app's durable-ts and the host's own. */
export function hostBlackboxPatterns(start: HostStart): string[] {
  return ScriptRegistry.blackboxPatternsFor([path.join(start.runtimeDir, path.sep), ...start.entry.codePaths]);
}

/**
 * The inspector of a launched host as the session needs it before the app loads: scripts reported (each
 * `Debugger.scriptParsed`; none kept in V8's cache), and the code of `blackboxPatterns` skipped by stepping.
 */
export function enableInspector(cdp: CdpClient, blackboxPatterns: string[]): Promise<unknown> {
  return Promise.all([
    cdp.send('Runtime.enable'),
    cdp.send('Debugger.enable', { maxScriptsCacheSize: 0 }),
    cdp.send('Debugger.setBlackboxPatterns', { patterns: blackboxPatterns }),
  ]);
}
