import { createRequire } from 'node:module';
import { DurableError } from '../api/errors';

/** A TypeScript file uses syntax that type erasure cannot remove (enum, namespace, parameter properties). */
export class TypeScriptLoadError extends DurableError {}

interface AmaroError {
  code?: string;
  message: string;
  startLine?: number;
  startColumn?: number;
}

type Amaro = { transformSync(source: string, options: { mode: 'strip-only'; filename?: string }): { code: string } };
let amaro: Amaro | undefined;

/**
 * Erase TypeScript's types, keeping every other character where it was: lines and columns stay exact, so
 * breakpoints and stack traces point at the user's .ts lines with no source maps.
 */
export function stripTypes(source: string, filename: string): string {
  amaro ??= createRequire(__filename)('amaro') as Amaro;
  try {
    return amaro.transformSync(source, { mode: 'strip-only', filename }).code;
  } catch (raw) {
    const error = raw as AmaroError;
    const where = error.startLine ? `${filename}:${error.startLine}:${(error.startColumn ?? 0) + 1}` : filename;
    const hint =
      error.code === 'UnsupportedSyntax'
        ? ' durable-ts runs TypeScript by erasing types; use a const object instead of an enum, a module instead of a namespace, ' +
          'and assign fields in the constructor body instead of parameter properties (or compile the app to JavaScript first).'
        : '';
    throw new TypeScriptLoadError(`${where}: ${error.message}.${hint}`);
  }
}
