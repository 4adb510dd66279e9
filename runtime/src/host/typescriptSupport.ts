/**
 * Makes Node run TypeScript files directly: what the CLI uses to load an app, and what `durable-ts/register`
 * installs. ESM goes through module hooks; CommonJS through require's extension table.
 */
import * as fs from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { stripTypes } from './stripTypes';
import { resolvePathAlias } from './tsconfigPaths';

const registeredKey = Symbol.for('durable-ts.typescript-registered');

export function registerTypeScript(): void {
  const slot = globalThis as { [registeredKey]?: boolean };
  if (slot[registeredKey]) return;
  slot[registeredKey] = true;
  register(pathToFileURL(`${__dirname}/esmHooks.js`).href);
  const extensions = (Module as unknown as { _extensions: Record<string, (module: Module & { _compile(code: string, file: string): void }, file: string) => void> })._extensions;
  for (const extension of ['.ts', '.cts']) {
    extensions[extension] = (module, file) => module._compile(stripTypes(fs.readFileSync(file, 'utf8'), file), file);
  }
  resolveTypeScriptRequires();
}

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

/**
 * TypeScript sources `require('./x.js')` meaning './x.ts' (and './x.cjs' meaning './x.cts'), as ESM imports do, and
 * tsconfig `paths` aliases.
 */
function resolveTypeScriptRequires(): void {
  const moduleStatics = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = moduleStatics._resolveFilename;
  moduleStatics._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const fromTypeScript = /\.(ts|cts|mts)$/.test(parent?.filename ?? '');
      if (fromTypeScript && !request.startsWith('.') && !path.isAbsolute(request)) {
        const aliased = resolvePathAlias(request, parent!.filename!);
        if (aliased) return aliased;
      }
      const swapped = request.replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts');
      if (!fromTypeScript || !request.startsWith('.') || swapped === request) throw error;
      try {
        return resolveFilename.call(this, swapped, parent, ...rest);
      } catch {
        throw error;
      }
    }
  };
}
