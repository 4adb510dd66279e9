import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { RuntimeModules } from './storeAccess';

/**
 * The runtime the explorer reads stores with: the one that ships with the extension (its runtime/ folder), loaded
 * at run time rather than bundled, so sql.js finds its WebAssembly next to it. Editor-free.
 */
export function loadExplorerRuntime(extensionPath: string): RuntimeModules {
  const load = createRequire(path.join(extensionPath, 'package.json'));
  const runtimeDir = path.join(extensionPath, 'runtime');
  return { durable: load(runtimeDir), internal: load(path.join(runtimeDir, 'dist', 'internal.js')) };
}
