// Runs before `vsce package` (as vscode:prepublish). Packaging runs with --no-dependencies, which leaves every
// top-level node_modules out of the .vsix, so:
//  - it refuses to package an extension whose manifest points at files the build did not produce;
//  - it copies the runtime's own dependencies (sql.js with its wasm, and the TypeScript parser the bundled type
//    eraser uses) into runtime/node_modules, where Node finds them from runtime/dist in the installed extension. The bundles need none: esbuild inlined theirs.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The files of each runtime dependency that run; the rest of each package (other builds, sources) stays out. */
const runtimeDependencies = {
  'sql.js': ['package.json', 'LICENSE', 'dist/sql-wasm.js', 'dist/sql-wasm.wasm'],
  typescript: ['package.json', 'LICENSE.txt', 'lib/typescript.js'],
};
// PostgreSQL stores (the explorer's, a debug session's): the client and the small packages it requires, whole.
for (const name of dependencyClosure('pg')) runtimeDependencies[name] ??= ['.'];

function dependencyClosure(name, found = new Set()) {
  if (found.has(name)) return found;
  found.add(name);
  const dependencies = JSON.parse(fs.readFileSync(path.join(hoistedPackageDir(name), 'package.json'), 'utf8')).dependencies ?? {};
  for (const dependency of Object.keys(dependencies)) dependencyClosure(dependency, found);
  return found;
}

function requiredFiles() {
  return [
    manifest.main,
    'server/dist/main.js',
    'server/dist/serverProcess.js',
    'runtime/dist/index.js',
    ...(manifest.contributes?.debuggers ?? []).map((debuggerEntry) => debuggerEntry.program).filter(Boolean),
    // The extension runs the adapter inline; the bundled adapter launches the user's app in this host, found next
    // to it, and loads the attach module into a `durable-ts serve --debug` it attaches to.
    ...(manifest.contributes?.debuggers?.length ? ['debugger/dist/inline.js', 'debugger/dist/host.js', 'debugger/dist/attach.js'] : []),
  ];
}

function checkBuilt() {
  const missing = requiredFiles().filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(`cannot package: the build did not produce ${missing.join(', ')} (run \`npm run build\`; ` +
      'an entry point whose source does not exist yet is skipped by the bundler)');
  }
}

/** Marks a copy made here, as opposed to a package npm itself installed under runtime/node_modules. */
const STAGED_MARKER = '.staged-for-vsix';

/** The hoisted install at the root (`exports` maps hide package.json from require.resolve, so look on disk). */
function hoistedPackageDir(name) {
  const searched = createRequire(path.join(root, 'package.json')).resolve.paths(name);
  const found = searched.map((dir) => path.join(dir, name)).find((dir) => fs.existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`cannot package: the runtime's dependency ${name} is not installed (run \`npm ci\`)`);
  return found;
}

function stageRuntimeDependencies() {
  for (const [name, files] of Object.entries(runtimeDependencies)) {
    const target = path.join(root, 'runtime', 'node_modules', name);
    const installedByNpm = fs.existsSync(path.join(target, 'package.json')) && !fs.existsSync(path.join(target, STAGED_MARKER));
    if (installedByNpm) continue;
    const source = hoistedPackageDir(name);
    fs.rmSync(target, { recursive: true, force: true });
    for (const file of files) {
      fs.cpSync(path.join(source, file), path.join(target, file), { recursive: true });
    }
    fs.writeFileSync(path.join(target, STAGED_MARKER), `copied from ${path.relative(root, source)} for the .vsix\n`);
    console.log(`staged ${name} for the package: ${path.relative(root, source)} → ${path.relative(root, target)}`);
  }
}

try {
  checkBuilt();
  stageRuntimeDependencies();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
