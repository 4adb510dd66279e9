import * as nodeModule from 'node:module';

/**
 * Keeps V8's compiled code of the modules loaded after this call (above all the TypeScript compiler, 9 MB of
 * JavaScript that takes most of a cold `durable-ts lint` or language server start to compile) on disk, so later
 * runs skip compiling it.
 * Node 22.1 and later have this built in; on Node 20 v8-compile-cache does the same through the require hook.
 * Either stores in the system's temporary folder; DISABLE_V8_COMPILE_CACHE=1 / NODE_DISABLE_COMPILE_CACHE=1 turn it off.
 */
export function enableCompileCache(): void {
  const builtIn = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (builtIn) builtIn();
  else require('v8-compile-cache');
}

/**
 * Writes the cache now, with every function compiled so far (Node 22.10 and later; v8-compile-cache writes at exit).
 * A language server is usually ended by its editor rather than exiting, and would otherwise never write it.
 */
export function saveCompileCache(): void {
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
}
