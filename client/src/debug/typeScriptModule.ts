import { createRequire } from 'node:module';
import * as path from 'node:path';
import type ts from 'typescript';

/**
 * The TypeScript compiler, only to parse an app's source: the app's own (durable-ts depends on it, so an app
 * with the runtime installed has one), else the one that ships with the extension's runtime. Not bundled into the
 * extension, whose activation would otherwise load all of it. Undefined when neither is there.
 */
export function typeScriptFor(program: string, extensionPath: string): typeof ts | undefined {
  for (const from of [program, path.join(extensionPath, 'runtime', 'package.json')]) {
    try {
      return createRequire(from)('typescript') as typeof ts;
    } catch {
      // Not resolvable from there: try the next place.
    }
  }
  return undefined;
}
