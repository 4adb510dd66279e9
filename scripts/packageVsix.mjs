// `npm run package` after the build: packs the .vsix from a copy of what it carries, made in a temporary folder,
// so the working tree is left as it was. Packaging runs with no dependency detection, which leaves every top-level
// node_modules out of the .vsix, so the copy also gets the runtime's own dependencies (sql.js with its wasm, the
// TypeScript parser the bundled type eraser uses, the PostgreSQL client) in runtime/node_modules, where Node finds
// them from runtime/dist in the installed extension; the bundles need none (esbuild inlined theirs). Staged in the
// working tree instead, that trimmed TypeScript (no lib files) would be the one `durable-ts lint` there resolves.
//
//   node scripts/packageVsix.mjs --readme-path client/README.md [--out FILE.vsix] [--base-url URL]
//
// The README is the extension's page. VS Code renders an installed extension's page with the extension's folder as
// its base, so relative links and pictures work there as they are. A marketplace (the Visual Studio Marketplace, Open
// VSX) renders it on its own site, where only absolute links work. So the page's relative links become absolute when
// the package is made for one: with `repository` in package.json (GitHub or GitLab), vsce points them at that
// repository; with `--base-url URL` (an https folder serving this repository's files), at URL. With neither, they
// stay relative: right for a .vsix installed from a file.
//
// Refuses to package an extension whose manifest points at files the build did not produce. As the manifest's
// vscode:prepublish (what a plain `vsce package` in the working tree runs first) it refuses outright.
import { createVSIX, listFiles, PackageManager } from '@vscode/vsce';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The files of each runtime dependency that run; the rest of each package (other builds, sources) stays out. */
const runtimeDependencies = {
  'sql.js': ['package.json', 'LICENSE', 'dist/sql-wasm.js', 'dist/sql-wasm.wasm'],
  typescript: ['package.json', 'LICENSE.txt', 'lib/typescript.js'],
};
// PostgreSQL stores (the explorer's, a debug session's): the client and the small packages it requires, whole.
for (const name of dependencyClosure('pg')) runtimeDependencies[name] ??= ['.'];

/** Marked the copies earlier versions of this script staged in the working tree's runtime/node_modules. */
const STAGED_MARKER = '.staged-for-vsix';

function dependencyClosure(name, found = new Set()) {
  if (found.has(name)) return found;
  found.add(name);
  const dependencies = JSON.parse(fs.readFileSync(path.join(hoistedPackageDir(name), 'package.json'), 'utf8')).dependencies ?? {};
  for (const dependency of Object.keys(dependencies)) dependencyClosure(dependency, found);
  return found;
}

/** The hoisted install at the root (`exports` maps hide package.json from require.resolve, so look on disk). */
function hoistedPackageDir(name) {
  const searched = createRequire(path.join(root, 'package.json')).resolve.paths(name);
  const found = searched.map((dir) => path.join(dir, name)).find((dir) => fs.existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`cannot package: the runtime's dependency ${name} is not installed (run \`npm ci\`)`);
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

/** Removes what an earlier packaging staged in the working tree (the lint there would resolve its TypeScript). */
function removeEarlierStaging() {
  const dir = path.join(root, 'runtime', 'node_modules');
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (fs.existsSync(path.join(dir, name, STAGED_MARKER))) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Copies into `staging` the files the .vsix carries (as .vscodeignore selects them) and the runtime's dependencies,
 * with a manifest that has no vscode:prepublish (the checks it stands for are done here).
 */
async function stage(staging, readmePath) {
  const files = await listFiles({ cwd: root, packageManager: PackageManager.None, readmePath });
  for (const file of new Set([...files, readmePath])) fs.cpSync(path.join(root, file), path.join(staging, file));
  const { 'vscode:prepublish': _checks, ...scripts } = manifest.scripts;
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
  for (const [name, dependencyFiles] of Object.entries(runtimeDependencies)) {
    const target = path.join(staging, 'runtime', 'node_modules', name);
    // One npm itself installed under runtime/node_modules (a version the root's cannot serve) is carried as it is.
    if (fs.existsSync(path.join(target, 'package.json'))) continue;
    const source = hoistedPackageDir(name);
    for (const file of dependencyFiles) fs.cpSync(path.join(source, file), path.join(target, file), { recursive: true });
  }
}

/** How vsce is to write the page's relative links: at `baseUrl`, at the manifest's repository, or as they are. */
function pageLinks(baseUrl) {
  if (baseUrl === undefined) return { rewriteRelativeLinks: manifest.repository !== undefined };
  if (!/^https:\/\/[^/]+/.test(baseUrl)) {
    throw new UsageError(`--base-url must be an https:// address (a marketplace shows no other pictures): ${baseUrl}`);
  }
  const folder = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return { baseContentUrl: folder, baseImagesUrl: folder };
}

class UsageError extends Error {}

async function main() {
  if (process.env.npm_lifecycle_event === 'vscode:prepublish') {
    throw new Error('cannot package with `vsce package` here: it would pack the working tree without the runtime\'s ' +
      'dependencies. Run `npm run package` (it packs a staged copy).');
  }
  const { values } = parseArgs({ options: { 'readme-path': { type: 'string' }, out: { type: 'string' }, 'base-url': { type: 'string' } } });
  const readmePath = values['readme-path'] ?? 'README.md';
  const links = pageLinks(values['base-url']);
  checkBuilt();
  removeEarlierStaging();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-vsix-'));
  try {
    await stage(staging, readmePath);
    await createVSIX({
      cwd: staging,
      packagePath: path.resolve(values.out ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`)),
      dependencies: false,
      allowMissingRepository: true,
      ...links,
      readmePath,
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
