import ts from 'typescript';
import type { Finding, RuleCode, TextEdit } from '../findings';

/**
 * `// durable-ignore-next-line DUR001 DUR011` silences those rules on the next line, and
 * `// durable-ignore-file DUR004` in the whole file; without codes, every rule.
 */
export const IGNORE_NEXT_LINE = 'durable-ignore-next-line';
export const IGNORE_FILE = 'durable-ignore-file';

/** Codes silenced at one place; an empty set silences every rule. */
type SilencedCodes = ReadonlySet<string>;

export class Suppressions {
  constructor(
    private readonly byLine: ReadonlyMap<number, SilencedCodes>,
    private readonly wholeFile: SilencedCodes | undefined,
  ) {}

  /** `line` is 0-based. */
  suppresses(code: RuleCode, line: number): boolean {
    return silences(this.wholeFile, code) || silences(this.byLine.get(line), code);
  }

  suppressesEverything(): boolean {
    return this.wholeFile !== undefined && this.wholeFile.size === 0;
  }
}

function silences(codes: SilencedCodes | undefined, code: RuleCode): boolean {
  return codes !== undefined && (codes.size === 0 || codes.has(code));
}

const DIRECTIVE = /(?:\/\/|\/\*)[ \t]*durable-ignore-(next-line|file)\b([^\n]*)/g;
const CODE = /DUR\d{3}/gi;

const cache = new WeakMap<ts.SourceFile, Suppressions>();

export function suppressionsOf(sourceFile: ts.SourceFile): Suppressions {
  let suppressions = cache.get(sourceFile);
  if (!suppressions) {
    suppressions = parseSuppressions(sourceFile);
    cache.set(sourceFile, suppressions);
  }
  return suppressions;
}

function parseSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const byLine = new Map<number, Set<string>>();
  let wholeFile: Set<string> | undefined;
  const text = sourceFile.text;
  if (!text.includes('durable-ignore-')) return new Suppressions(byLine, undefined);
  for (const match of text.matchAll(DIRECTIVE)) {
    const rest = match[2].split('*/')[0];
    const codes = new Set([...rest.matchAll(CODE)].map((code) => code[0].toUpperCase()));
    if (match[1] === 'file') {
      wholeFile = merge(wholeFile, codes);
    } else {
      const line = sourceFile.getLineAndCharacterOfPosition(match.index).line + 1;
      byLine.set(line, merge(byLine.get(line), codes));
    }
  }
  return new Suppressions(byLine, wholeFile);
}

/** Two directives for the same place: either one silencing everything wins, else the union. */
function merge(existing: Set<string> | undefined, codes: Set<string>): Set<string> {
  if (!existing) return codes;
  if (existing.size === 0 || codes.size === 0) return new Set();
  return new Set([...existing, ...codes]);
}

/** Edit adding `// durable-ignore-next-line CODE` above the finding's line, indented like it. */
export function ignoreNextLineEdit(sourceFile: ts.SourceFile, finding: Finding): TextEdit {
  const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line;
  const lineStart = sourceFile.getPositionOfLineAndCharacter(line, 0);
  const indentation = /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
  return { fileName: sourceFile.fileName, start: lineStart, end: lineStart, newText: `${indentation}// ${IGNORE_NEXT_LINE} ${finding.code}\n` };
}

/** Edit adding `// durable-ignore-file CODE` at the top of the file (after a shebang). */
export function ignoreFileEdit(sourceFile: ts.SourceFile, finding: Finding): TextEdit {
  const shebang = /^#![^\n]*\n/.exec(sourceFile.text);
  const start = shebang ? shebang[0].length : 0;
  return { fileName: sourceFile.fileName, start, end: start, newText: `// ${IGNORE_FILE} ${finding.code}\n` };
}
