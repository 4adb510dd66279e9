// Bundles the type eraser (ts-blank-space) into the runtime package as CommonJS. It is published as an ES module
// that imports the TypeScript compiler, and an ES module importing CommonJS makes Node 20 scan the whole 9 MB
// compiler for its module syntax and export names first: more than the compiler itself costs to load, on every
// launch of a TypeScript app. As CommonJS it loads the compiler with a plain require. The compiler stays a
// dependency of the runtime, not part of the bundle.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eraserDir = path.dirname(createRequire(path.join(root, 'runtime', 'package.json')).resolve('ts-blank-space/package.json'));
const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
const version = versionOf(eraserDir);
// The compiler the runtime itself resolves, which the bundle's require finds.
const compilerDir = path.dirname(createRequire(path.join(root, 'runtime', 'package.json')).resolve('typescript/package.json'));
const outDir = path.join(root, 'runtime', 'dist', 'host');

await esbuild.build({
  absWorkingDir: root,
  entryPoints: [path.join(eraserDir, 'out', 'index.js')],
  outfile: path.join(outDir, 'typeEraser.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['typescript'],
  banner: { js: `// ts-blank-space ${version}, Copyright 2024 Bloomberg Finance L.P., Apache License 2.0 (typeEraser.LICENSE).` },
  logLevel: 'warning',
});
fs.copyFileSync(path.join(eraserDir, 'LICENSE'), path.join(outDir, 'typeEraser.LICENSE'));
// What the erasure depends on: the cache of erased sources (runtime/src/host/erasedCache.ts) keys its entries by it.
fs.writeFileSync(path.join(outDir, 'typeEraser.versions.json'), JSON.stringify({ 'ts-blank-space': version, typescript: versionOf(compilerDir) }) + '\n');
