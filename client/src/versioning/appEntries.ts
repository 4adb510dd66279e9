import * as fs from 'node:fs';
import * as path from 'node:path';

const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * The files a workspace folder names as its apps' entries: the `program` of its `durable` launch configurations,
 * and the source files that its package.json scripts run with durable-ts (`durable-ts serve src/main.ts`,
 * `node --import durable-ts/register src/main.ts`). Only files that exist.
 */
export function declaredEntries(folder: string, launchConfigurations: readonly unknown[]): string[] {
  const entries = new Set<string>();
  for (const configuration of launchConfigurations) {
    const { type, program } = (configuration ?? {}) as { type?: unknown; program?: unknown };
    if (type !== 'durable' || typeof program !== 'string') continue;
    const file = program.replace(/\$\{(workspaceFolder|workspaceRoot)\}/g, folder);
    if (!file.includes('${')) entries.add(path.resolve(folder, file));
  }
  for (const script of packageScripts(folder)) {
    if (!/\bdurable-ts\b/.test(script)) continue;
    for (const word of script.split(/[\s;&|]+/)) {
      const unquoted = word.replace(/^['"]|['"]$/g, '');
      if (SOURCE_FILE.test(unquoted)) entries.add(path.resolve(folder, unquoted));
    }
  }
  return [...entries].filter((file) => isFile(file));
}

function packageScripts(folder: string): string[] {
  try {
    const scripts = (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { scripts?: unknown }).scripts;
    return scripts && typeof scripts === 'object' ? Object.values(scripts).filter((script): script is string => typeof script === 'string') : [];
  } catch {
    return []; // no package.json, or one being edited: no scripts to read
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
