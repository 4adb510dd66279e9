import { fileURLToPath, pathToFileURL } from 'node:url';
import { HOST_CALL_URL, PAUSE_POINT_URL } from '../shared/hostProtocol';

/** Escapes a path for a V8 regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The scripts the debuggee has parsed, by id (Node 20 leaves `callFrames[].url` empty, so frames are mapped through
 * `Debugger.scriptParsed`), and which of them are user code: everything but node's internals, dependencies, the
 * runtime and the host.
 */
export class ScriptRegistry {
  private readonly urls = new Map<string, string>();
  private readonly notUserCode: RegExp[];

  constructor(readonly blackboxPatterns: string[]) {
    this.notUserCode = blackboxPatterns.map((pattern) => new RegExp(pattern));
  }

  /** Patterns for `Debugger.setBlackboxPatterns`: code stepping never stops in. */
  static blackboxPatternsFor(codePaths: string[]): string[] {
    return ['^node:', '^wasm:', '/node_modules/', `^${escapeRegExp(HOST_CALL_URL)}$`, ...codePaths.map(escapeRegExp)];
  }

  add(scriptId: string, url: string): void {
    this.urls.set(scriptId, url);
  }

  url(scriptId: string): string {
    return this.urls.get(scriptId) ?? '';
  }

  isPausePoint(scriptId: string): boolean {
    return this.url(scriptId) === PAUSE_POINT_URL;
  }

  /** User code is a file of the user's (not wasm, not an eval, not Node's, not a dependency's). */
  isUserCode(scriptId: string): boolean {
    if (this.path(scriptId) === undefined) return false;
    return this.isUserFile(this.url(scriptId));
  }

  /** The same for a file named as a stack frame names it (a path or a file:// URL). */
  isUserFile(file: string): boolean {
    return !this.notUserCode.some((pattern) => pattern.test(file));
  }

  /** The files of user code loaded so far, each once. */
  userPaths(): string[] {
    const paths = new Set<string>();
    for (const scriptId of this.urls.keys()) {
      const file = this.path(scriptId);
      if (file && this.isUserCode(scriptId)) paths.add(file);
    }
    return [...paths];
  }

  /** A `urlRegex` for `Debugger.setBreakpointByUrl` that matches every JavaScript file of user code, ESM or CommonJS. */
  get userJavaScriptUrlRegex(): string {
    return `^(?!.*(?:${this.blackboxPatterns.join('|')}))(?:file://|/|[A-Za-z]:\\\\).*\\.[cm]?js$`;
  }

  /** The file a script was loaded from, if it has one (ESM keeps file:// URLs, CommonJS plain paths). */
  path(scriptId: string): string | undefined {
    const url = this.url(scriptId);
    if (url.startsWith('file://')) return fileURLToPath(url);
    if (url.startsWith('/') || /^[A-Za-z]:\\/.test(url)) return url;
    return undefined;
  }
}

/** A `urlRegex` for `Debugger.setBreakpointByUrl` that matches a file whether it loads as ESM or CommonJS. */
export function urlRegexFor(filePath: string): string {
  return `^(?:${escapeRegExp(pathToFileURL(filePath).href)}|${escapeRegExp(filePath)})$`;
}
