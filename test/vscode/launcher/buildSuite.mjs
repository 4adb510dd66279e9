import * as esbuild from 'esbuild';
import path from 'node:path';
import { typeCheck } from '../../../scripts/typeCheck.mjs';

/**
 * Bundles the Mocha suite into the single CommonJS module the extension host loads. `vscode` is provided by the
 * host; packages (Mocha, the TextMate engine) stay normal requires, resolved from the clone's node_modules.
 */
export async function buildSuite(root) {
  const outfile = path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js');
  await Promise.all([typeCheck(root, 'test/vscode/tsconfig.json'), esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  })]);
  return outfile;
}
