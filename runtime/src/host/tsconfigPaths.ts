/**
 * tsconfig `paths` aliases (`import { x } from '@lib/x'`, `"paths": { "@lib/*": ["src/lib/*"] }`), which tsc
 * type-checks but leaves for a bundler or a loader to resolve: the app is loaded from its sources, so the loader
 * resolves them, as tsx and ts-node with tsconfig-paths do. The nearest tsconfig.json of the importing file counts,
 * with the `baseUrl` and `paths` it inherits through relative `extends`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface PathAliases {
  /** The directory the alias targets are relative to. */
  base: string;
  paths: Record<string, string[]>;
}

const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];
const aliasesByDirectory = new Map<string, PathAliases | undefined>();

/** The file a bare specifier names through the importing file's tsconfig `paths`, if it names one. */
export function resolvePathAlias(specifier: string, importingFile: string): string | undefined {
  const aliases = aliasesFor(path.dirname(importingFile));
  if (!aliases) return undefined;
  for (const target of matchingTargets(specifier, aliases.paths)) {
    const base = path.resolve(aliases.base, target);
    // `.js` in a specifier of TypeScript code means the `.ts` beside it.
    for (const candidate of [base.replace(/\.js$/, '.ts'), ...CANDIDATE_SUFFIXES.map((suffix) => base + suffix)]) {
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The targets of the pattern that matches best: an exact key, else the wildcard key with the longest prefix. */
function matchingTargets(specifier: string, paths: Record<string, string[]>): string[] {
  if (paths[specifier]) return paths[specifier];
  let best: { prefix: string; suffix: string; targets: string[] } | undefined;
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length) continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, suffix, targets };
  }
  if (!best) return [];
  const matched = specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
  return best.targets.map((target) => target.replace('*', matched));
}

function aliasesFor(directory: string): PathAliases | undefined {
  if (aliasesByDirectory.has(directory)) return aliasesByDirectory.get(directory);
  const config = path.join(directory, 'tsconfig.json');
  const parent = path.dirname(directory);
  let aliases: PathAliases | undefined;
  if (isFile(config)) aliases = readAliases(config);
  else if (parent !== directory && path.basename(directory) !== 'node_modules') aliases = aliasesFor(parent);
  aliasesByDirectory.set(directory, aliases);
  return aliases;
}

/** What a tsconfig says, its own settings over those it extends. */
interface ConfigOptions {
  baseUrl?: string;
  paths?: { aliases: Record<string, string[]>; configDirectory: string };
}

/** `paths` are relative to `baseUrl` when one is set, else to the tsconfig that declares them. */
function readAliases(config: string): PathAliases | undefined {
  const { baseUrl, paths } = readOptions(config, new Set());
  return paths ? { base: baseUrl ?? paths.configDirectory, paths: paths.aliases } : undefined;
}

function readOptions(config: string, seen: Set<string>): ConfigOptions {
  if (seen.has(config)) return {};
  seen.add(config);
  const json = readJsonc(config) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const inherited = typeof json?.extends === 'string' && json.extends.startsWith('.') ? readOptions(withJsonExtension(path.resolve(path.dirname(config), json.extends)), seen) : {};
  const options = json?.compilerOptions ?? {};
  return {
    baseUrl: typeof options.baseUrl === 'string' ? path.resolve(path.dirname(config), options.baseUrl) : inherited.baseUrl,
    paths: isPaths(options.paths) ? { aliases: options.paths, configDirectory: path.dirname(config) } : inherited.paths,
  };
}

function isPaths(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every((targets) => Array.isArray(targets) && targets.every((target) => typeof target === 'string'));
}

function withJsonExtension(file: string): string {
  return file.endsWith('.json') ? file : `${file}.json`;
}

/** tsconfig files are JSON with comments and trailing commas. */
function readJsonc(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const withoutComments = text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? '');
  try {
    return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined; // a tsconfig tsc itself would refuse: no aliases from it
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
