// Bundles the determinism lint (server/src/lint, with the analyzer it uses) into the runtime package, so the
// published `durable-ts` package runs `durable-ts lint` on its own: the language server's package stays private.
// The TypeScript compiler stays a dependency of the runtime, not part of the bundle (it reads its lib files
// from its own folder).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['server/src/lint/cli.ts'],
  outfile: 'runtime/dist/lint/cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['typescript'],
  logLevel: 'warning',
});
