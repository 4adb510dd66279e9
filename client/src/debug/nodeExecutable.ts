import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The Node.js to run the app being debugged with (unless its launch names a `runtimeExecutable`): `node` from PATH,
 * as VS Code runs `"runtime": "node"` adapters, else the editor's own runtime in Node mode.
 */
export function nodeExecutable(): { command: string; env?: Record<string, string> } {
  const names = process.platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { command: candidate };
    }
  }
  return { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
