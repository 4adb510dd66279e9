import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether this adapter runs bundled (debugger/dist/main.js) or from its sources (debugger/src/runtime/). */
const bundled = path.basename(__dirname) === 'dist';
/** The debugger/ folder. */
const debuggerRoot = bundled ? path.dirname(__dirname) : path.resolve(__dirname, '..', '..');

export class RuntimeNotFoundError extends Error {}

/**
 * The durable-ts package the app itself resolves, which runs it (so the app and the host share one registry and
 * one engine): found as Node finds it, in the node_modules folders above the app, whatever the package exports.
 */
export function resolveRuntimeDir(program: string): string {
  const folders = createRequire(program).resolve.paths('durable-ts') ?? [];
  const found = folders.map((folder) => path.join(folder, 'durable-ts')).find((dir) => fs.existsSync(path.join(dir, 'package.json')));
  if (found) return fs.realpathSync(found);
  throw new RuntimeNotFoundError(
    `The app ${program} cannot resolve the durable-ts package: no node_modules folder above it has durable-ts. Add it to the app's project (npm install durable-ts, in ${path.dirname(program)} or a folder above it) and launch again.`,
  );
}

export interface HostEntry {
  script: string;
  /** Node options the script needs before it runs (a TypeScript host is loaded through the runtime's type erasure). */
  nodeOptions: string[];
  /** Files and folders holding host code, which stepping must never enter. */
  codePaths: string[];
}

/** The host script: bundled next to a bundled adapter, else its TypeScript source, run through this repository's runtime's type erasure. */
export function resolveHostEntry(): HostEntry {
  if (bundled) {
    const script = path.join(debuggerRoot, 'dist', 'host.js');
    return { script, nodeOptions: [], codePaths: [script] };
  }
  const sources = path.join(debuggerRoot, 'src');
  const register = path.join(debuggerRoot, '..', 'runtime', 'dist', 'host', 'register.js');
  return {
    script: path.join(sources, 'host', 'main.ts'),
    nodeOptions: ['--import', pathToFileURL(register).href],
    codePaths: [path.join(sources, 'host') + path.sep, path.join(sources, 'shared') + path.sep],
  };
}

/**
 * What the adapter loads into a `durable-ts serve --debug` it attaches to: always the bundle (the serving process
 * has no TypeScript loader for the debugger's sources), built by `npm run build:extension`.
 */
export function resolveAttachModule(): string {
  return path.join(debuggerRoot, 'dist', 'attach.js');
}
