import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allGeneratedPositionsFor, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { findCompiledFiles } from './outFiles';

/** JavaScript compiled from other sources (tsc with `sourceMap`), and its map. */
export interface MappedScript {
  /** The compiled file, when it has one (a script evaluated from a string has none). */
  file: string | undefined;
  /** Set once the debuggee has parsed it. */
  scriptId?: string;
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

/** Where a source line was compiled to: in a script the debuggee runs already, or in a file it has not loaded yet. */
export interface GeneratedLocation {
  script: MappedScript;
  lineNumber: number;
  columnNumber: number;
}

/** The `//# sourceMappingURL=` comment that ends a compiled file (the last one counts). */
const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

/**
 * The source maps of compiled JavaScript. As VS Code's JavaScript debugger does, the maps of the files `outFiles`
 * names are read before the app runs: a breakpoint set in a `.ts` source binds in the compiled file before that file
 * loads, so it stops in its top-level code too. Scripts outside `outFiles` have their maps read as they are parsed,
 * held before they run while that takes (`SourceMapPause`).
 */
export class SourceMaps {
  private readonly byScript = new Map<string, MappedScript>();
  private readonly byFile = new Map<string, MappedScript>();
  private readonly bySource = new Map<string, MappedScript[]>();

  /** Reads the maps of the compiled files the globs name (`!` excludes), relative to `cwd`. */
  async prescan(outFiles: string[], cwd: string): Promise<void> {
    for (const file of await findCompiledFiles(outFiles, cwd)) {
      if (this.byFile.has(file)) continue;
      const sourceMapUrl = readSourceMappingUrl(file);
      if (sourceMapUrl) this.read(file, sourceMapUrl);
    }
  }

  /** The map of a script the debuggee parsed (a file next to it, or a data: URL); undefined when there is none to read. */
  load(scriptId: string, scriptUrl: string, sourceMapUrl: string): MappedScript | undefined {
    if (this.byScript.has(scriptId)) return this.byScript.get(scriptId);
    const file = scriptUrl.startsWith('file:') ? fileURLToPath(scriptUrl) : path.isAbsolute(scriptUrl) ? scriptUrl : undefined;
    const script = (file && this.byFile.get(file)) || this.read(file, sourceMapUrl);
    if (!script) return undefined;
    script.scriptId = scriptId;
    this.byScript.set(scriptId, script);
    return script;
  }

  /** The source place a location of a compiled script comes from. */
  original(scriptId: string, lineNumber: number, columnNumber: number): SourceLocation | undefined {
    const script = this.byScript.get(scriptId);
    return script && originalIn(script, lineNumber, columnNumber);
  }

  /** The places in compiled code a source line (0-based) was compiled to, the first of each compiled file. */
  generated(sourcePath: string, lineNumber: number): GeneratedLocation[] {
    return (this.bySource.get(sourcePath) ?? []).flatMap((script) => {
      const source = script.map.sources[script.sources.indexOf(sourcePath)]!;
      const positions = allGeneratedPositionsFor(script.map, { source, line: lineNumber + 1, column: 0, bias: LEAST_UPPER_BOUND });
      const first = positions.filter((position) => position.line !== null).sort((a, b) => a.line! - b.line! || a.column! - b.column!)[0];
      return first ? [{ script, lineNumber: first.line! - 1, columnNumber: first.column ?? 0 }] : [];
    });
  }

  isMapped(scriptId: string): boolean {
    return this.byScript.has(scriptId);
  }

  /** Whether the debuggee runs this file with a map read (it shows as its sources). */
  isCompiledFile(file: string): boolean {
    return this.byFile.get(file)?.scriptId !== undefined;
  }

  /** The sources of the scripts the debuggee has loaded (not of the files it has not loaded yet). */
  sourcePaths(): string[] {
    return [...new Set([...this.byScript.values()].flatMap((script) => script.sources))];
  }

  /**
   * A stack trace as V8 writes it (`at charge (/app/dist/pay.js:12:9)`), with each place in a compiled file of a
   * known map replaced by its source place (`/app/src/pay.ts:15:11`).
   */
  mapStackText(text: string): string {
    return text.replace(/(file:\/\/)?(\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g, (whole, fileUrl: string | undefined, file: string, line: string, column: string) => {
      const script = this.byFile.get(fileUrl ? fileURLToPath(`file://${file}`) : file);
      const original = script && originalIn(script, Number(line) - 1, Number(column) - 1);
      return original ? `${original.path}:${original.lineNumber + 1}:${original.columnNumber + 1}` : whole;
    });
  }

  private read(file: string | undefined, sourceMapUrl: string): MappedScript | undefined {
    const text = readMap(sourceMapUrl, file);
    if (!text) return undefined;
    const mapUrl = sourceMapUrl.startsWith('data:') || !file ? pathToFileURL(file ?? '/').href : new URL(sourceMapUrl, pathToFileURL(file)).href;
    let map: TraceMap;
    try {
      map = new TraceMap(text, mapUrl);
    } catch {
      return undefined; // not a source map: the script is shown as it runs
    }
    const sources = map.resolvedSources.map((source) => (source.startsWith('file:') ? fileURLToPath(source) : path.resolve(source)));
    const script: MappedScript = { file, map, sources };
    if (file) this.byFile.set(file, script);
    for (const source of sources) this.bySource.set(source, [...(this.bySource.get(source) ?? []), script]);
    return script;
  }
}

function originalIn(script: MappedScript, lineNumber: number, columnNumber: number): SourceLocation | undefined {
  const position = originalPositionFor(script.map, { line: lineNumber + 1, column: columnNumber, bias: LEAST_UPPER_BOUND });
  if (position.source === null || position.line === null) return undefined;
  const index = script.map.sources.indexOf(position.source);
  const file = index >= 0 ? script.sources[index] : position.source.startsWith('file:') ? fileURLToPath(position.source) : position.source;
  return { path: file, lineNumber: position.line - 1, columnNumber: position.column ?? 0 };
}

/** How much of a compiled file's end is read first for its `sourceMappingURL` comment (an inline map needs more). */
const TAIL_BYTES = 4096;

/** The source map URL a compiled file names in its last line, if it names one. */
function readSourceMappingUrl(file: string): string | undefined {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
      fs.readSync(fd, tail, 0, tail.length, size - tail.length);
      text = tail.toString('utf8');
      // The last line starts before the tail (a map inlined as a data: URL): the whole file, then.
      if (size > tail.length && text.lastIndexOf('\n', text.length - 2) < 0) text = fs.readFileSync(file, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined; // gone since the glob listed it
  }
  return SOURCE_MAPPING_URL.exec(text.slice(text.lastIndexOf('\n', text.length - 2) + 1))?.[1];
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
