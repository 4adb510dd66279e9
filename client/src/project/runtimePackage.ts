import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The durable-ts tarball the extension ships (out/runtime-package, made by the build); undefined if it is missing. */
export function bundledRuntimeTarball(extensionPath: string): string | undefined {
  const folder = path.join(extensionPath, 'out', 'runtime-package');
  const tarball = fs.existsSync(folder) ? fs.readdirSync(folder).find((file) => /^durable-ts-.*\.tgz$/.test(file)) : undefined;
  return tarball && path.join(folder, tarball);
}

/** The CLI of the runtime that ships with the extension: what runs `init` before a project has its own. */
export function bundledCli(extensionPath: string): string {
  return path.join(extensionPath, 'runtime', 'dist', 'cli', 'main.js');
}

/** Whether `program` resolves the durable-ts package, as Node will when it loads the app. */
export function resolvesRuntime(program: string): boolean {
  try {
    createRequire(program).resolve('durable-ts/package.json');
    return true;
  } catch {
    return false;
  }
}

/** The folder whose package.json a file belongs to (where npm install adds a dependency), else the file's folder. */
export function packageFolderOf(file: string, stopAt: string): string {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'package.json'))) return folder;
    if (folder === stopAt || path.dirname(folder) === folder) return path.dirname(file);
  }
}
