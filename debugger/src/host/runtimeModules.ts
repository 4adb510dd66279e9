import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as Durable from 'durable-ts';
import type * as DurableInternal from 'durable-ts/internal';

export interface RuntimeModules {
  durable: typeof Durable;
  internal: typeof DurableInternal;
}

/**
 * The durable-ts package the adapter chose (the one the app itself resolves), loaded from its directory, with its
 * TypeScript loader registered (what loading the app would do first).
 */
export function loadRuntimeModules(runtimeDir: string, program: string): RuntimeModules {
  const load = createRequire(program);
  const modules = {
    durable: load(runtimeDir) as typeof Durable,
    internal: load(path.join(runtimeDir, 'dist', 'internal.js')) as typeof DurableInternal,
  };
  modules.internal.registerTypeScript();
  return modules;
}
