import fs from 'node:fs';
import path from 'node:path';
import { withForwardSlashes } from './sourceFiles';

/** Files that mark the root of one Functions (or Node) app: one app's registrations are not another's. */
const APP_MARKERS = ['host.json', 'package.json'];

/** A folder with no marker in it or above it: each file below is then an app of its own folder. */
const UNMARKED = '';

/** Each folder's nearest marked folder at or above it, or UNMARKED. */
const rootOfFolder = new Map<string, string>();

/**
 * The folder of the app a file belongs to: the nearest folder above it holding a host.json or package.json,
 * else the file's own folder. Cached per folder until `appLayoutChanged`.
 */
export function appRootOf(fileName: string): string {
  const start = withForwardSlashes(path.dirname(fileName));
  const root = markedRootOf(start);
  return root === UNMARKED ? start : root;
}

function markedRootOf(start: string): string {
  const visited: string[] = [];
  let root: string | undefined;
  for (let folder = start; root === undefined; ) {
    const known = rootOfFolder.get(folder);
    if (known !== undefined) root = known;
    else if (APP_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) root = folder;
    else {
      visited.push(folder);
      const parent = withForwardSlashes(path.dirname(folder));
      if (parent === folder) root = UNMARKED;
      folder = parent;
    }
  }
  for (const folder of visited) rootOfFolder.set(folder, root);
  return root;
}

let layoutGeneration = 0;

/** Files that decide which app a file belongs to, or what a v3 app registers. */
export function isAppLayoutFile(fileName: string): boolean {
  return /(^|[\\/])(host|package|function)\.json$/.test(fileName);
}

/** A host.json, package.json or function.json appeared, changed or went: app roots and registrations are redone. */
export function appLayoutChanged(): void {
  rootOfFolder.clear();
  layoutGeneration++;
}

/** Bumped by every appLayoutChanged, so analyses built on an older layout are not reused. */
export function appLayoutGeneration(): number {
  return layoutGeneration;
}

/** Whether a folder holds a host.json or package.json, the root of an app. */
export function isMarkedAppRoot(folder: string): boolean {
  return APP_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)));
}
