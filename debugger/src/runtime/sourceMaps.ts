import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allGeneratedPositionsFor, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** A script the debuggee runs that was compiled from other sources (tsc with `sourceMap`), and its map. */
export interface MappedScript {
  scriptId: string;
  map: TraceMap;
  /** The absolute paths of its sources, in the map's order. */
  sources: string[];
}

/** A place in a source (lines and columns 0-based, as the inspector counts them). */
export interface SourceLocation {
  path: string;
  lineNumber: number;
  columnNumber: number;
}

/**
 * The source maps of the scripts the debuggee has loaded, read as each script with one is parsed: breakpoints set in
 * a `.ts` file bind in the JavaScript compiled from it, and frames of that JavaScript show the `.ts` lines.
 */
export class SourceMaps {
  private readonly byScript = new Map<string, MappedScript>();
  private readonly bySource = new Map<string, MappedScript[]>();

  /** Reads the map of a script (a file next to it, or a data: URL); undefined when there is none to read. */
  load(scriptId: string, scriptUrl: string, sourceMapUrl: string): MappedScript | undefined {
    if (this.byScript.has(scriptId)) return this.byScript.get(scriptId);
    const scriptFile = scriptUrl.startsWith('file:') ? fileURLToPath(scriptUrl) : path.isAbsolute(scriptUrl) ? scriptUrl : undefined;
    const text = readMap(sourceMapUrl, scriptFile);
    if (!text) return undefined;
    const mapUrl = sourceMapUrl.startsWith('data:') || !scriptFile ? pathToFileURL(scriptFile ?? '/').href : new URL(sourceMapUrl, pathToFileURL(scriptFile)).href;
    let map: TraceMap;
    try {
      map = new TraceMap(text, mapUrl);
    } catch {
      return undefined; // not a source map: the script is shown as it runs
    }
    const sources = map.resolvedSources.map((source) => (source.startsWith('file:') ? fileURLToPath(source) : path.resolve(source)));
    const script: MappedScript = { scriptId, map, sources };
    this.byScript.set(scriptId, script);
    for (const source of sources) this.bySource.set(source, [...(this.bySource.get(source) ?? []), script]);
    return script;
  }

  /** The source place a location of a compiled script comes from. */
  original(scriptId: string, lineNumber: number, columnNumber: number): SourceLocation | undefined {
    const script = this.byScript.get(scriptId);
    if (!script) return undefined;
    const position = originalPositionFor(script.map, { line: lineNumber + 1, column: columnNumber, bias: LEAST_UPPER_BOUND });
    if (position.source === null || position.line === null) return undefined;
    const index = script.map.sources.indexOf(position.source);
    const file = index >= 0 ? script.sources[index] : position.source.startsWith('file:') ? fileURLToPath(position.source) : position.source;
    return { path: file, lineNumber: position.line - 1, columnNumber: position.column ?? 0 };
  }

  /** The places in compiled scripts a source line (0-based) was compiled to, first of each script. */
  generated(sourcePath: string, lineNumber: number): { scriptId: string; lineNumber: number; columnNumber: number }[] {
    return (this.bySource.get(sourcePath) ?? []).flatMap((script) => {
      const source = script.map.sources[script.sources.indexOf(sourcePath)]!;
      const positions = allGeneratedPositionsFor(script.map, { source, line: lineNumber + 1, column: 0, bias: LEAST_UPPER_BOUND });
      const first = positions.filter((position) => position.line !== null).sort((a, b) => a.line! - b.line! || a.column! - b.column!)[0];
      return first ? [{ scriptId: script.scriptId, lineNumber: first.line! - 1, columnNumber: first.column ?? 0 }] : [];
    });
  }

  isMapped(scriptId: string): boolean {
    return this.byScript.has(scriptId);
  }

  /** Every source of the maps read so far. */
  sourcePaths(): string[] {
    return [...this.bySource.keys()];
  }
}

function readMap(sourceMapUrl: string, scriptFile: string | undefined): string | undefined {
  try {
    if (sourceMapUrl.startsWith('data:')) {
      const comma = sourceMapUrl.indexOf(',');
      const data = sourceMapUrl.slice(comma + 1);
      return sourceMapUrl.slice(0, comma).endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    }
    if (!scriptFile) return undefined;
    return fs.readFileSync(fileURLToPath(new URL(sourceMapUrl, pathToFileURL(scriptFile))), 'utf8');
  } catch {
    return undefined; // a map that is missing or unreadable: the script is debugged as it is
  }
}
