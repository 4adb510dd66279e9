import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eCacheDir } from './cacheDir.mjs';
import { withInstallLock } from './installLock.mjs';
import { log } from './log.mjs';
import { runLogged } from './runCommand.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139.x runs only on Node 24; the npm package `node@24` ships that binary and its headers. */
const NODE_MAJOR = 24;
const DEBIAN_PACKAGES = ['libkrb5-dev', 'pkg-config', 'chromium'];
const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure code-server, the Node it needs and Debian's Chromium are installed, installing what is missing
 * into the cache (once per machine), and says where they are.
 */
export async function ensureCodeServer() {
  const cache = e2eCacheDir();
  fs.mkdirSync(cache, { recursive: true });
  const logFile = path.join(cache, 'install.log');
  return withInstallLock(path.join(cache, 'install.lock'), async () => {
    await ensureDebianPackages(logFile);
    const node = await ensureNode(path.join(cache, `node${NODE_MAJOR}`), logFile);
    const codeServerEntry = await ensureCodeServerPackage(path.join(cache, `code-server-${CODE_SERVER_VERSION}`), node, logFile);
    return { node: node.binary, codeServerEntry, chromium: CHROMIUM };
  });
}

async function ensureDebianPackages(logFile) {
  const missing = DEBIAN_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the code-server launcher needs Debian packages ${missing.join(', ')}; install them with ` +
      `\`sudo apt-get install -y ${missing.join(' ')}\` (or run as root, and the launcher installs them)`);
  }
  log(`installing Debian packages ${missing.join(', ')} (log: ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { logFile, env });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { logFile, env });
}

function isDebianPackageInstalled(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .includes('install ok installed');
  } catch {
    return false;
  }
}

async function ensureNode(dir, logFile) {
  const found = findNode(dir);
  if (found) return found;
  log(`installing Node ${NODE_MAJOR} from the npm package node@${NODE_MAJOR} into ${dir} (log: ${logFile})`);
  freshPackageDir(dir);
  await runLogged('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], { logFile, cwd: dir });
  const installed = findNode(dir);
  if (!installed) throw new Error(`npm installed node@${NODE_MAJOR} into ${dir} but no Node ${NODE_MAJOR} binary is there; see ${logFile}`);
  return installed;
}

/** An empty package of its own, so npm installs here and not into a package.json it finds further up. */
function freshPackageDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
}

/** The `node` package installs its platform binary as a nested package named node-<os>-<arch>. */
function findNode(dir) {
  const nested = path.join(dir, 'node_modules', 'node', 'node_modules');
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const home = path.join(nested, platformPackage);
  const binary = path.join(home, 'bin', 'node');
  if (!fs.existsSync(binary) || !fs.existsSync(path.join(home, 'include', 'node', 'node.h'))) return undefined;
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return version.startsWith(`v${NODE_MAJOR}.`) ? { binary, home } : undefined;
}

async function ensureCodeServerPackage(dir, node, logFile) {
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const doneMarker = path.join(dir, '.installed');
  if (fs.existsSync(doneMarker) && fs.existsSync(entry)) return entry;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (first run on this machine: about 3 minutes; log: ${logFile})`);
  freshPackageDir(dir);
  // Native modules must be built against Node 24's headers (the machine's npm config may point at another
  // Node's), and code-server's install scripts must run on Node 24 itself. Under `npm test` the environment holds
  // the outer npm's `npm_*` variables, which the inner npm reads as its own configuration: its
  // `npm_config_user_agent` names the outer Node, and code-server's postinstall reads the Node version from there.
  const env = {
    ...withoutNpmVariables(process.env),
    PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: node.home,
  };
  await runLogged('npm', ['install', '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { logFile, env, cwd: dir });
  // code-server's own postinstall installs the VS Code server's modules; an npm that skipped install scripts
  // leaves a code-server that starts but cannot run an extension host.
  const serverModules = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(entry) || !fs.existsSync(serverModules)) {
    throw new Error(`code-server's install into ${dir} is incomplete (no ${fs.existsSync(entry) ? serverModules : entry}); ` +
      `its install scripts must run: see ${logFile}`);
  }
  fs.writeFileSync(doneMarker, new Date().toISOString());
  return entry;
}

/** The environment without the variables an enclosing `npm run` sets for its scripts. */
function withoutNpmVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}
