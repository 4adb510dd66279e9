import fs from 'node:fs';
import path from 'node:path';

/** Extensions the analyzer reads: TypeScript and JavaScript in every module flavor. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Folders that hold dependencies, build output or tool state, never code to lint. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', 'build', 'coverage', '.vscode-test', '.durable', '.next']);

/** TypeScript spells paths with forward slashes; every path handed to it goes through here. */
export function normalizePath(fileName: string): string {
  return withForwardSlashes(path.resolve(fileName));
}

export function withForwardSlashes(fileName: string): string {
  return fileName.includes('\\') ? fileName.replace(/\\/g, '/') : fileName;
}

export function isSourceFileName(fileName: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => fileName.endsWith(extension));
}

export function isDeclarationFileName(fileName: string): boolean {
  return /\.d\.[cm]?ts$/.test(fileName) || /\.d\.[^.]+\.ts$/.test(fileName);
}

/** Source files under `root` (a file or a folder), skipping dependency and output folders. */
export function findSourceFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (entry: string, stat: fs.Stats | undefined): void => {
    if (!stat) return;
    if (stat.isFile()) {
      if (isSourceFileName(entry)) found.push(normalizePath(entry));
      return;
    }
    if (!stat.isDirectory()) return;
    for (const child of fs.readdirSync(entry, { withFileTypes: true })) {
      if (child.isDirectory() && (SKIPPED_FOLDERS.has(child.name) || child.name.startsWith('.'))) continue;
      const childPath = path.join(entry, child.name);
      visit(childPath, child.isDirectory() || child.isFile() ? fs.statSync(childPath, { throwIfNoEntry: false }) : undefined);
    }
  };
  visit(root, fs.statSync(root, { throwIfNoEntry: false }));
  return found.sort();
}

/** Whether `fileName` is inside the folder `folder` (both normalized). */
export function isInsideFolder(fileName: string, folder: string): boolean {
  return fileName === folder || fileName.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
