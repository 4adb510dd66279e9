import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as Durable from 'durable-ts';
import type * as DurableInternal from 'durable-ts/internal';

export interface RuntimeModules {
  durable: typeof Durable;
  internal: typeof DurableInternal;
}

/** The durable-ts package the adapter chose (the one the app itself resolves), loaded from its directory. */
export function loadRuntimeModules(runtimeDir: string, program: string): RuntimeModules {
  const load = createRequire(program);
  return {
    durable: load(runtimeDir) as typeof Durable,
    internal: load(path.join(runtimeDir, 'dist', 'internal.js')) as typeof DurableInternal,
  };
}
