import fs from 'node:fs';
import path from 'node:path';

/**
 * The fixture workspace as a user's project is after `npm install`: node_modules/durable-ts links to the
 * repository's runtime, the package its imports already resolved to from the repository's own node_modules. It is
 * what tells VS Code, at startup, that the folder is a Durable TS project (the extension's workspaceContains).
 */
export function installRuntimeInWorkspace(workspace, runtime) {
  const link = path.join(workspace, 'node_modules', 'durable-ts');
  if (fs.existsSync(path.join(link, 'package.json'))) return;
  fs.rmSync(link, { force: true });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), runtime), link, 'junction');
}
