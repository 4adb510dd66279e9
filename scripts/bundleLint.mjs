// Bundles the determinism lint (server/src/lint, with the analyzer it uses) into the runtime package, so the
// published `durable-ts` package runs `durable-ts lint` on its own: the language server's package stays private.
// The TypeScript compiler and v8-compile-cache stay dependencies of the runtime, not part of the bundle (the compiler
// reads its lib files from its own folder).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptAsOneModule } from './typescriptModule.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const common = { absWorkingDir: root, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await esbuild.build({
  ...common,
  entryPoints: ['server/src/lint/cli.ts'],
  outfile: 'runtime/dist/lint/cli.js',
  external: ['typescript'],
  plugins: [typescriptAsOneModule],
});
// Turned on by the runtime's CLI before it loads the lint (and the compiler) above.
await esbuild.build({ ...common, entryPoints: ['server/src/compileCache.ts'], outfile: 'runtime/dist/lint/compileCache.js', external: ['v8-compile-cache'] });
