// Type-checks the TypeScript code blocks of the user-facing documentation against the runtime's types, so a
// snippet that no longer compiles fails the build instead of a reader. The blocks of each document are written as
// files of their own folder (named ones under their name: they may import each other), then checked in one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks } from './markdownCode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const documents = ['README.md', 'runtime/README.md', 'client/README.md', ...fs.readdirSync(path.join(root, 'docs')).map((file) => `docs/${file}`)]
  .filter((file) => file.endsWith('.md') && fs.existsSync(path.join(root, file)));
const outDir = path.join(root, 'out', 'docs-typecheck');

// The blocks are written afresh; the compiler's incremental state (tsconfig.tsbuildinfo) stays, so an unchanged
// check takes a moment.
for (const entry of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
  if (entry !== 'tsconfig.tsbuildinfo') fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
}
fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const document of documents) {
  const folder = path.join(outDir, document.replace(/\.md$/, '').replace(/[\\/]/g, '-'));
  for (const block of codeBlocks(fs.readFileSync(path.join(root, document), 'utf8'))) {
    if (!['ts', 'typescript'].includes(block.language) || !block.checked) continue;
    const file = path.join(folder, block.file ?? `line-${block.line}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A comment maps the compiler's line numbers back to the document.
    fs.writeFileSync(file, `// ${document}:${block.line}\n${block.code}`);
    written.push(path.relative(outDir, file));
  }
}
fs.writeFileSync(
  path.join(outDir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      module: 'ESNext',
      moduleResolution: 'Bundler',
      moduleDetection: 'force',
      noEmit: true,
      declaration: false,
      typeRoots: ['../../node_modules/@types'],
      // The runtime's declarations (built before this runs): lighter to load than its sources.
      paths: { 'durable-ts': ['../../runtime/dist/index.d.ts'] },
    },
    include: ['**/*.ts'],
  }),
);
const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', outDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  console.error(`type errors in the documentation's code blocks (each file's first line names its document and line):\n${error.stdout}${error.stderr}`);
  process.exit(1);
}
console.log(`type-checked ${written.length} code blocks of ${documents.length} documents`);
