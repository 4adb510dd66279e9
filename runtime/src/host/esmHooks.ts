/**
 * Module customization hooks (run by Node on its loader thread): resolve TypeScript-style specifiers (and tsconfig
 * `paths` aliases) and load
 * .ts/.mts/.cts files by erasing their types. Registered by ./register.
 */
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripTypes } from './stripTypes';
import { typeScriptFormat } from './moduleFormat';
import { resolvePathAlias } from './tsconfigPaths';

const typeScriptFile = /\.(ts|mts|cts)$/;

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string; format?: string }>;
type NextLoad = (url: string, context: unknown) => Promise<{ format: string; source?: string | Buffer }>;

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: NextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!context.parentURL) throw error;
    if (!relative) {
      const aliased = context.parentURL.startsWith('file:') ? resolvePathAlias(specifier, fileURLToPath(context.parentURL)) : undefined;
      if (aliased) return { url: pathToFileURL(aliased).href, shortCircuit: true };
      throw error;
    }
    for (const candidate of typeScriptCandidates(specifier)) {
      const url = new URL(candidate, context.parentURL);
      if (fs.existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
    }
    throw error;
  }
}

export async function load(url: string, context: { format?: string }, nextLoad: NextLoad) {
  if (!url.startsWith('file:') || !typeScriptFile.test(new URL(url).pathname)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = fs.readFileSync(file, 'utf8');
  const format = typeScriptFormat(file, source);
  // CommonJS goes through require's .ts handler (installed by ./register), which strips types the same way.
  if (format === 'commonjs') return { format, shortCircuit: true };
  return { format, source: stripTypes(source, file), shortCircuit: true };
}

/** TypeScript sources import './x.js' meaning './x.ts', or leave the extension out. */
function typeScriptCandidates(specifier: string): string[] {
  const swapped = specifier.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
  if (swapped !== specifier) return [swapped];
  return [`${specifier}.ts`, `${specifier}.mts`, `${specifier}.cts`, `${specifier}/index.ts`];
}
