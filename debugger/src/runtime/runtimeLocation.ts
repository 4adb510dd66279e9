import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether this adapter runs bundled (debugger/dist/main.js) or from its sources (debugger/src/runtime/). */
const bundled = path.basename(__dirname) === 'dist';
/** The debugger/ folder. */
const debuggerRoot = bundled ? path.dirname(__dirname) : path.resolve(__dirname, '..', '..');

/**
 * The durable-ts package to run the app with: the one the app itself resolves (so the app and the host share one
 * registry and one engine), else the runtime that ships next to the adapter.
 */
export function resolveRuntimeDir(program: string): string {
  try {
    return path.dirname(createRequire(program).resolve('durable-ts/package.json'));
  } catch {
    return path.resolve(debuggerRoot, '..', 'runtime');
  }
}

export interface HostEntry {
  script: string;
  /** Node options the script needs before it runs (a TypeScript host is loaded through the runtime's type erasure). */
  nodeOptions: string[];
  /** Files and folders holding host code, which stepping must never enter. */
  codePaths: string[];
}

/** The host script: bundled next to a bundled adapter, else its TypeScript source. */
export function resolveHostEntry(runtimeDir: string): HostEntry {
  if (bundled) {
    const script = path.join(debuggerRoot, 'dist', 'host.js');
    return { script, nodeOptions: [], codePaths: [script] };
  }
  const sources = path.join(debuggerRoot, 'src');
  const register = path.join(runtimeDir, 'dist', 'host', 'register.js');
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
