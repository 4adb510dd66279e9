// Packs the built runtime into out/runtime-package/durable-ts-<version>.tgz: the copy of the package the extension
// ships, which "Create Durable Project" and "Add durable-ts" install into a user's project while durable-ts is not
// on the npm registry. Packs what the build made (no prepack: the build ran just before).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const destination = path.join(root, 'out', 'runtime-package');
fs.rmSync(destination, { recursive: true, force: true });
fs.mkdirSync(destination, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = JSON.parse(execFileSync(npm, ['pack', './runtime', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8' }));
console.log(`packed the runtime: ${path.relative(root, path.join(destination, packed[0].filename))} (${packed[0].entryCount} files)`);
