import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolvePathAlias } from '../host/tsconfigPaths';

/** `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')`, `require('…')`. */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n]+)\1/g;
const SOURCE_FILE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;

/**
 * The app's own source files: `entry` and every file it imports, directly or not, found by reading their import
 * specifiers (relative ones and tsconfig `paths` aliases, resolved as the loader resolves them). Packages under
 * node_modules are not the app's. Read statically, without running anything, so a file the code only names at run
 * time is missed, and a specifier in a comment may add a file: either costs a check too few or too many, never a
 * wrong verdict.
 */
export function appFiles(entry: string): string[] {
  const found = new Set<string>([path.resolve(entry)]);
  for (const file of found) {
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // removed meanwhile: the check's load reports it
    }
    for (const match of source.matchAll(SPECIFIER)) {
      const imported = resolveSpecifier(match[2], file);
      if (imported && !imported.split(path.sep).includes('node_modules')) found.add(imported);
    }
  }
  return [...found];
}

function resolveSpecifier(specifier: string, importingFile: string): string | undefined {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return resolvePathAlias(specifier, importingFile);
  const base = path.resolve(path.dirname(importingFile), specifier);
  // TypeScript sources import './x.js' meaning './x.ts', or leave the extension out, as the loader allows.
  const swapped = base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts').replace(/\.jsx$/, '.tsx');
  const candidates = [base, swapped, ...['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'].map((extension) => base + extension), path.join(base, 'index.ts'), path.join(base, 'index.js')];
  return candidates.find((candidate) => SOURCE_FILE.test(candidate) && isFile(candidate));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const REGISTERS_ORCHESTRATIONS = /\.orchestration\s*(?:<[^>]*>)?\s*\(/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out', 'build', 'coverage']);
/** A walk of a huge folder (a home directory opened as a workspace) stops here: entries past it are not found. */
const MOST_FILES = 5000;

export function registersOrchestrations(file: string): boolean {
  try {
    return REGISTERS_ORCHESTRATIONS.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** The source files under `root` that register orchestrations (not in node_modules, build output or hidden folders). */
export function registeringFiles(root: string): string[] {
  const found: string[] = [];
  const folders = [root];
  let seen = 0;
  for (let folder = folders.pop(); folder !== undefined && seen < MOST_FILES; folder = folders.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) folders.push(file);
      } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') && ++seen <= MOST_FILES && registersOrchestrations(file)) {
        found.push(file);
      }
    }
  }
  return found;
}
