import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Unpacks a .vsix (a zip whose `extension/` folder is the installed extension) into the folder `into`, and returns that
 * folder: running the suite against it checks the package as users install it, with nothing from the clone.
 */
export function unpackVsix(vsix, into) {
  if (!fs.existsSync(vsix)) throw new Error(`no such .vsix: ${vsix}`);
  try {
    execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', into], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const reason = error.code === 'ENOENT' ? 'the `unzip` command is not installed' : String(error.stderr ?? error.message).trim();
    throw new Error(`could not unpack ${vsix}: ${reason}`);
  }
  return path.join(into, 'extension');
}
