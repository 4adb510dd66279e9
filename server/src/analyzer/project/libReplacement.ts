import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether a package could replace one of TypeScript's lib files for a project configured in `folder`: TypeScript
 * looks each lib file up as a package (`@typescript/lib-es2015`, or its `@types/typescript__lib-es2015`) from the
 * config's folder upwards, a walk through every ancestor's node_modules for each of the ~90 lib files, which is a
 * quarter of a one-file app's lint. With no such package above the folder, turning the lookup off
 * (`libReplacement: false`) gives the same program.
 */
export function libReplacementPossible(folder: string): boolean {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const modules = path.join(current, 'node_modules');
    if (fs.existsSync(path.join(modules, '@typescript'))) return true;
    if (entriesOf(path.join(modules, '@types')).some((name) => name.startsWith('typescript__lib-'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

function entriesOf(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}
