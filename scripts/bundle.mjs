// Bundles the extension's three Node entry points (extension client, language server, debug adapter) into
// single files, so the packaged extension needs no node_modules of its own for them.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescriptAsOneModule } from './typescriptModule.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const targets = [
  // The extension's entry forks the language server, then loads the extension's bundle (with the language client).
  { name: 'extension entry', entry: 'client/src/main.ts', outfile: 'client/dist/main.js', external: ['./extension'] },
  { name: 'extension client', entry: 'client/src/extension.ts', outfile: 'client/dist/extension.js' },
  // The server's entry turns the compile cache on, then loads the server's bundle (with the TypeScript compiler).
  { name: 'language server entry', entry: 'server/src/main.ts', outfile: 'server/dist/main.js', external: ['./serverProcess'] },
  { name: 'language server', entry: 'server/src/serverProcess.ts', outfile: 'server/dist/serverProcess.js' },
  { name: 'debug adapter', entry: 'debugger/src/main.ts', outfile: 'debugger/dist/main.js' },
  // The same adapter as a module, which the extension runs in its own process (an inline debug adapter).
  { name: 'inline debug adapter', entry: 'debugger/src/inline.ts', outfile: 'debugger/dist/inline.js' },
  // The process the adapter launches the user's app in; it loads the runtime the app resolves, at run time.
  { name: 'debug host', entry: 'debugger/src/host/main.ts', outfile: 'debugger/dist/host.js' },
  // What the adapter loads into a running `durable-ts serve --debug` it attaches to.
  { name: 'debug attach', entry: 'debugger/src/host/attach.ts', outfile: 'debugger/dist/attach.js' },
];

/**
 * Bundled dependencies that read files next to their own module at run time: those files must sit next to the
 * bundle instead. The TypeScript compiler (in the language server) looks for its lib.*.d.ts beside the executing
 * script.
 */
const runtimeAssets = [
  { packageName: 'typescript', dir: 'lib', matches: (file) => /^lib\..*\.d\.ts$/.test(file) },
];

async function bundle(target) {
  const started = performance.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', ...(target.external ?? [])],
    // Dependencies published as ES modules (tinyglobby's fdir) read import.meta.url, which a CommonJS bundle lacks.
    define: { 'import.meta.url': 'bundleImportMetaUrl' },
    banner: { js: 'const bundleImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    metafile: true,
    plugins: [typescriptAsOneModule],
    logLevel: 'warning',
  });
  const copied = copyRuntimeAssets(result.metafile, path.dirname(target.outfile));
  const ms = Math.round(performance.now() - started);
  console.log(`bundled ${target.name}: ${target.entry} → ${target.outfile} (${ms} ms${copied ? `, ${copied} assets` : ''})`);
}

function copyRuntimeAssets(metafile, outDir) {
  let copied = 0;
  for (const asset of runtimeAssets) {
    const marker = `node_modules/${asset.packageName}/`;
    const input = Object.keys(metafile.inputs).find((file) => file.includes(marker));
    if (!input) continue;
    const sourceDir = path.join(root, input.slice(0, input.indexOf(marker) + marker.length), asset.dir);
    for (const file of fs.readdirSync(sourceDir).filter(asset.matches)) {
      fs.copyFileSync(path.join(sourceDir, file), path.join(root, outDir, file));
      copied++;
    }
  }
  return copied;
}

const present = targets.filter((target) => fs.existsSync(path.join(root, target.entry)));
for (const target of targets.filter((target) => !present.includes(target))) {
  // An entry point still being written is skipped, loudly; packaging refuses a manifest that points at it.
  console.warn(`skipped ${target.name}: ${target.entry} does not exist yet`);
}
// esbuild only strips types: `npm run typecheck` (part of `npm run build`) checks the projects it bundles, once.
const results = await Promise.allSettled(present.map(bundle));
const failures = results.filter((result) => result.status === 'rejected');
for (const failure of failures) console.error(failure.reason.message);
if (failures.length > 0) process.exit(1);
