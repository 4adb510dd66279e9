import { DEBUG_GLOBAL } from '../shared/hostProtocol';
import type { CdpClient } from '../cdp/cdpClient';
import { parseHitCondition } from './hitCondition';
import { urlRegexFor } from './scripts';
import type { GeneratedLocation, MappedScript, SourceMaps } from './sourceMaps';

interface BoundBreakpoint {
  id: number;
  /** The file the user set it in. */
  path: string;
  /**
   * Set by URL (the file as it runs), by URL in each compiled file of `outFiles` not loaded yet, and by location in
   * each loaded script compiled from it (source maps).
   */
  v8Ids: string[];
  /** The compiled files it is set in by URL: it binds there as they load, and needs no binding by location. */
  compiledFiles: Set<string | undefined>;
  request: BreakpointRequest;
  line: number;
  verified: boolean;
  hitCondition?: (hits: number) => boolean;
  hits: number;
}

/** A source breakpoint as the user set it (lines and columns 1-based). */
export interface BreakpointRequest {
  line: number;
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

/** Where a breakpoint bound, or why it could not. */
export interface BreakpointAnswer {
  id?: number;
  verified: boolean;
  line: number;
  message?: string;
}

export interface BreakpointUpdate {
  id: number;
  verified: boolean;
  /** None for a function breakpoint. */
  line?: number;
  message?: string;
}

/** Breakpoint conditions all start with this: the host mutes breakpoints while re-running code the user saw. */
const notMuted = `!globalThis.${DEBUG_GLOBAL}?.muted`;

/**
 * Source breakpoints, set by file URL so they bind when the file loads (ESM or CommonJS) and in every replay.
 * Conditions and logpoints run in V8 (no round trip per hit); hit counts are counted here.
 */
export class BreakpointManager {
  private nextId = 1;
  private readonly byPath = new Map<string, BoundBreakpoint[]>();
  private readonly byV8Id = new Map<string, BoundBreakpoint>();

  constructor(
    private readonly cdp: CdpClient,
    private readonly sourceMaps: SourceMaps,
  ) {}

  async set(path: string, requested: BreakpointRequest[]): Promise<BreakpointAnswer[]> {
    for (const old of this.byPath.get(path) ?? []) {
      for (const v8Id of old.v8Ids) {
        this.byV8Id.delete(v8Id);
        await this.cdp.send('Debugger.removeBreakpoint', { breakpointId: v8Id });
      }
    }
    const bound: BoundBreakpoint[] = [];
    const answers: BreakpointAnswer[] = [];
    for (const breakpoint of requested) {
      let hitCondition: ((hits: number) => boolean) | undefined;
      try {
        checkExpressions(breakpoint);
        hitCondition = breakpoint.hitCondition ? parseHitCondition(breakpoint.hitCondition) : undefined;
      } catch (error) {
        answers.push({ verified: false, line: breakpoint.line, message: (error as Error).message });
        continue;
      }
      const result = await this.cdp.send<{ breakpointId: string; locations: { lineNumber: number }[] }>('Debugger.setBreakpointByUrl', {
        urlRegex: urlRegexFor(path),
        lineNumber: breakpoint.line - 1,
        columnNumber: breakpoint.column !== undefined ? breakpoint.column - 1 : undefined,
        condition: v8Condition(breakpoint),
      });
      const location = result.locations[0];
      const entry: BoundBreakpoint = {
        id: this.nextId++,
        path,
        v8Ids: [result.breakpointId],
        compiledFiles: new Set(),
        request: breakpoint,
        line: location ? location.lineNumber + 1 : breakpoint.line,
        verified: location !== undefined,
        hitCondition,
        hits: 0,
      };
      bound.push(entry);
      this.byV8Id.set(result.breakpointId, entry);
      for (const generated of this.sourceMaps.generated(path, breakpoint.line - 1)) await this.bindInCompiled(entry, generated);
      answers.push({ id: entry.id, verified: entry.verified, line: entry.line });
    }
    this.byPath.set(path, bound);
    return answers;
  }

  /** A script compiled from sources with breakpoints is about to run: those not set in it by URL bind in it. */
  async scriptMapped(script: MappedScript): Promise<BreakpointUpdate[]> {
    const updates: BreakpointUpdate[] = [];
    for (const source of script.sources) {
      for (const entry of this.byPath.get(source) ?? []) {
        if (entry.compiledFiles.has(script.file)) continue;
        const wasVerified = entry.verified;
        for (const generated of this.sourceMaps.generated(source, entry.request.line - 1)) {
          if (generated.script === script) await this.bindInCompiled(entry, generated);
        }
        if (entry.verified && !wasVerified) updates.push({ id: entry.id, verified: true, line: entry.line });
      }
    }
    return updates;
  }

  /**
   * In a loaded script, by location; in a compiled file not loaded yet, by its URL, so that V8 binds it as the file
   * loads, before any of its code runs (its top-level lines too).
   */
  private async bindInCompiled(entry: BoundBreakpoint, generated: GeneratedLocation): Promise<void> {
    const { script, lineNumber, columnNumber } = generated;
    if (script.scriptId === undefined) {
      const result = await this.cdp.send<{ breakpointId: string }>('Debugger.setBreakpointByUrl', {
        urlRegex: urlRegexFor(script.file!),
        lineNumber,
        columnNumber,
        condition: v8Condition(entry.request),
      });
      entry.v8Ids.push(result.breakpointId);
      entry.compiledFiles.add(script.file);
      this.byV8Id.set(result.breakpointId, entry);
      return;
    }
    let result: { breakpointId: string; actualLocation: { scriptId: string; lineNumber: number; columnNumber?: number } };
    try {
      result = await this.cdp.send('Debugger.setBreakpoint', { location: { scriptId: script.scriptId, lineNumber, columnNumber }, condition: v8Condition(entry.request) });
    } catch {
      return; // no code there to stop at (a line tsc compiled away): the breakpoint stays as it was
    }
    entry.v8Ids.push(result.breakpointId);
    entry.compiledFiles.add(script.file);
    this.byV8Id.set(result.breakpointId, entry);
    entry.verified = true;
    entry.line = this.sourceLine(entry, result.actualLocation);
  }

  /** V8 bound a breakpoint in a script that loaded after it was set (the file itself, or one compiled from it). */
  resolved(v8Id: string, location: { scriptId: string; lineNumber: number; columnNumber?: number }): BreakpointUpdate | undefined {
    const entry = this.byV8Id.get(v8Id);
    if (!entry || entry.verified) return undefined;
    entry.verified = true;
    entry.line = this.sourceMaps.isMapped(location.scriptId) ? this.sourceLine(entry, location) : location.lineNumber + 1;
    return { id: entry.id, verified: true, line: entry.line };
  }

  /** The line of the breakpoint's file that a place in compiled code comes from (the requested one if another file's). */
  private sourceLine(entry: BoundBreakpoint, location: { scriptId: string; lineNumber: number; columnNumber?: number }): number {
    const original = this.sourceMaps.original(location.scriptId, location.lineNumber, location.columnNumber ?? 0);
    return original?.path === entry.path ? original.lineNumber + 1 : entry.request.line;
  }

  /** Whether a breakpoint is bound nowhere, not even by URL in a compiled file that has not loaded yet. */
  anyUnplaced(): boolean {
    for (const entries of this.byPath.values()) {
      if (entries.some((entry) => !entry.verified && entry.compiledFiles.size === 0)) return true;
    }
    return false;
  }

  /** Counts a pause on these breakpoints and says whether any of them wants to stop. */
  shouldStop(v8Ids: string[]): boolean {
    let stop = false;
    for (const v8Id of v8Ids) {
      const entry = this.byV8Id.get(v8Id);
      if (!entry) continue;
      entry.hits++;
      if (!entry.hitCondition || entry.hitCondition(entry.hits)) stop = true;
    }
    return stop;
  }
}

/**
 * V8 takes any condition and, when it does not compile, never stops at the breakpoint and says nothing: a condition
 * or a logpoint expression that is not JavaScript is refused here, with the parser's message.
 */
function checkExpressions(breakpoint: BreakpointRequest): void {
  const check = (expression: string, what: string) => {
    try {
      // Compiled only, never called.
      new Function(`return (${expression}\n);`);
    } catch (error) {
      throw new Error(`${what} \`${expression}\` is not a JavaScript expression: ${(error as Error).message}`);
    }
  };
  if (breakpoint.condition) check(breakpoint.condition, 'The condition');
  for (const part of breakpoint.logMessage?.match(/\{[^{}]+\}/g) ?? []) check(part.slice(1, -1), 'The log message part');
}

function v8Condition(breakpoint: BreakpointRequest): string {
  const parts = [notMuted];
  if (breakpoint.condition) parts.push(`(${breakpoint.condition})`);
  if (breakpoint.logMessage) parts.push(`(globalThis.${DEBUG_GLOBAL}.logpoint(${logTemplate(breakpoint.logMessage)}), false)`);
  return parts.join(' && ');
}

/** A logpoint message, `{expression}` parts included, as a JavaScript template literal. */
function logTemplate(message: string): string {
  const pieces = message.split(/(\{[^{}]+\})/);
  const body = pieces
    .map((piece) => (/^\{[^{}]+\}$/.test(piece) ? `\${${piece.slice(1, -1)}}` : piece.replace(/[`\\]|\$\{/g, (special) => `\\${special}`)))
    .join('');
  return `\`${body}\``;
}
