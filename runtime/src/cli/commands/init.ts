import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DurableError } from '../../api/errors';
import type { CliIo } from '../io';
import { parse } from '../options';
import { projectFiles } from '../init/template';

/**
 * `init [folder] [--from TARBALL] [--no-install]`: scaffold a project that uses durable-ts, then install it. Never
 * overwrites: a folder that already holds one of the files is refused, naming them. `--from` uses a durable-ts
 * tarball (copied into the project, so the project stays installable anywhere) instead of the registry.
 */
export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { from: { type: 'string' }, 'no-install': { type: 'boolean' } }, []);
  const folder = path.resolve(io.cwd, positionals[0] ?? '.');
  const tarball = typeof values.from === 'string' ? path.resolve(io.cwd, values.from) : undefined;
  if (tarball && !fs.existsSync(tarball)) throw new DurableError(`--from ${tarball}: no such file (a durable-ts .tgz made by npm pack).`);
  const files = projectFiles({
    name: packageName(path.basename(folder)),
    runtimeSpec: tarball ? `file:./${path.basename(tarball)}` : `^${ownVersion()}`,
  });
  const existing = Object.keys(files).filter((file) => fs.existsSync(path.join(folder, file)));
  if (existing.length > 0) {
    throw new DurableError(`${folder} already has ${existing.join(', ')}; init writes only into a folder without them (nothing was changed).`);
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  if (tarball && path.dirname(tarball) !== folder) fs.copyFileSync(tarball, path.join(folder, path.basename(tarball)));
  io.stdout(`Created a durable-ts project in ${folder}: ${Object.keys(files).join(', ')}.`);
  if (values['no-install'] !== true) {
    io.stdout('Installing its dependencies (npm install)…');
    // npm's errors are passed on as they come, and read for the one a newcomer can hit: no durable-ts on the registry.
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: folder, stdio: ['inherit', 'inherit', 'pipe'], shell: process.platform === 'win32' });
    process.stderr.write(npm.stderr ?? '');
    if (npm.status !== 0) throw new DurableError(installFailure(folder, npm.status ?? npm.error?.message, !tarball && /\bE404\b/.test(String(npm.stderr))));
  }
  const cd = folder === io.cwd ? '' : `cd ${path.relative(io.cwd, folder) || '.'} && `;
  io.stdout(`Next: ${cd}${values['no-install'] === true ? 'npm install && ' : ''}npm start — or open the folder in VS Code and press F5.`);
  return 0;
}

function installFailure(folder: string, exit: number | string | undefined, runtimeNotOnRegistry: boolean): string {
  const failed = `npm install failed in ${folder} (exit ${exit}); the files are in place`;
  if (!runtimeNotOnRegistry) return `${failed}, run it again there.`;
  return (
    `${failed}. Your npm registry has no durable-ts ${ownVersion()}: install it there from a packed copy ` +
    `(npm install /path/to/durable-ts-${ownVersion()}.tgz, made by npm pack of the runtime), or pass --from with that .tgz to init in a new folder.`
  );
}

/** npm package names are lower case, URL-safe and at most 214 characters. */
function packageName(folderName: string): string {
  const name = folderName.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '').slice(0, 214);
  return name || 'durable-app';
}

function ownVersion(): string {
  return (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
