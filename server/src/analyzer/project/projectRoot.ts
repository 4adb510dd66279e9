import path from 'node:path';
import ts from 'typescript';
import { appRootOf, isMarkedAppRoot } from './appRoots';
import { normalizePath } from './sourceFiles';

/** The folder a lint builds a file's program over, and whether every source file below it belongs in that program. */
export interface ProjectRoot {
  folder: string;
  /** False for a folder nothing marks as a project or app: only the files linted (and what they import) are read. */
  discoverFiles: boolean;
}

/**
 * A linted file's project: the folder of the nearest tsconfig.json / jsconfig.json above it, else its app's root
 * (the nearest host.json / package.json), else `linted` (the folder the user named, or the file's own), read
 * without discovery. Never the working directory: a lint started elsewhere must see the same program, and must not
 * read a large unrelated folder.
 */
export function projectRootOf(fileName: string, linted: string): ProjectRoot {
  const folder = path.dirname(fileName);
  const config = ts.findConfigFile(folder, ts.sys.fileExists, 'tsconfig.json') ?? ts.findConfigFile(folder, ts.sys.fileExists, 'jsconfig.json');
  if (config) return { folder: normalizePath(path.dirname(config)), discoverFiles: true };
  const app = appRootOf(fileName);
  if (isMarkedAppRoot(app)) return { folder: normalizePath(app), discoverFiles: true };
  return { folder: normalizePath(linted), discoverFiles: false };
}
