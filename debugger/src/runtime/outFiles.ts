import * as path from 'node:path';
import { glob } from 'tinyglobby';

/** What `outFiles` is when the launch leaves it out: the compiled JavaScript under the working directory. */
export function defaultOutFiles(cwd: string): string[] {
  return [path.join(cwd, '**', '*.{js,mjs,cjs}'), '!**/node_modules/**'];
}

/**
 * The files `outFiles` names: globs relative to `cwd` or absolute, `!` before one excludes what it matches. As in
 * VS Code's JavaScript debugger, an exclusion that starts with `**` (`!**\/node_modules/**`) excludes anywhere.
 */
export async function findCompiledFiles(outFiles: string[], cwd: string): Promise<string[]> {
  // Globbed from the root, so that absolute and relative globs and the exclusions of both meet in one search.
  const root = path.parse(path.resolve(cwd)).root;
  const fromRoot = (pattern: string) => (pattern.startsWith('**') ? pattern : path.relative(root, path.resolve(cwd, pattern)).split(path.sep).join('/'));
  const patterns = outFiles.map((pattern) => (pattern.startsWith('!') ? `!${fromRoot(pattern.slice(1))}` : fromRoot(pattern)));
  if (!patterns.some((pattern) => !pattern.startsWith('!'))) return [];
  return glob(patterns, { cwd: root, absolute: true, expandDirectories: false, followSymbolicLinks: false });
}
