import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { RuntimeModules } from './storeAccess';

/**
 * The runtime the explorer reads stores with: the one that ships with the extension (its runtime/ folder), loaded
 * at run time rather than bundled, so sql.js finds its WebAssembly next to it — and on first use, not at
 * activation, which it would slow down. Editor-free.
 */
export function loadExplorerRuntime(extensionPath: string): RuntimeModules & { resolveStorePath(given: string | undefined, cwd: string): string } {
  const load = createRequire(path.join(extensionPath, 'package.json'));
  const dist = path.join(extensionPath, 'runtime', 'dist');
  let durable: RuntimeModules['durable'] | undefined;
  let internal: RuntimeModules['internal'] | undefined;
  let storeOpening: RuntimeModules['storeOpening'] | undefined;
  let storeUrl: RuntimeModules['storeUrl'] | undefined;
  let pg: RuntimeModules['pg'] | undefined;
  return {
    get durable() {
      return (durable ??= load(path.join(dist, 'index.js')));
    },
    get internal() {
      return (internal ??= load(path.join(dist, 'internal.js')));
    },
    get storeOpening() {
      return (storeOpening ??= load(path.join(dist, 'store', 'open.js')));
    },
    // Small and free of dependencies: the explorer reads it at activation, to tell a database URL from a path.
    get storeUrl() {
      return (storeUrl ??= load(path.join(dist, 'store', 'postgres', 'storeUrl.js')));
    },
    // The runtime's own dependency, found from its folder (the packaged extension stages it there).
    get pg() {
      return (pg ??= createRequire(path.join(extensionPath, 'runtime', 'package.json'))('pg'));
    },
    // Only the path rule, which the tree needs at once: loading the whole runtime for it would cost the activation.
    resolveStorePath: (given, cwd) => (load(path.join(dist, 'store', 'storePath.js')) as { resolveStorePath(given: string | undefined, cwd: string): string }).resolveStorePath(given, cwd),
  };
}
