import * as fs from 'node:fs';
import * as path from 'node:path';

const packageTypeCache = new Map<string, 'module' | 'commonjs' | undefined>();

/** The nearest package.json's "type", as Node decides a .js file's format. */
export function packageType(file: string): 'module' | 'commonjs' | undefined {
  const dir = path.dirname(file);
  if (packageTypeCache.has(dir)) return packageTypeCache.get(dir);
  let type: 'module' | 'commonjs' | undefined;
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      type = JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else if (path.dirname(dir) !== dir) {
    type = packageType(dir);
  }
  packageTypeCache.set(dir, type);
  return type;
}

const esmSyntax = /^\s*(import\s*[\w{*'"]|export\s+(?:default|const|let|var|function|async|class|type|interface|enum|\{|\*))/m;

/**
 * How to run a TypeScript file: .mts is ESM and .cts CommonJS; a .ts file follows its package's "type" and,
 * where none is set, its syntax (TypeScript sources written with import/export run as ESM).
 */
export function typeScriptFormat(file: string, source: string): 'module' | 'commonjs' {
  if (file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cts')) return 'commonjs';
  const declared = packageType(file);
  if (declared === 'module') return 'module';
  return esmSyntax.test(source) ? 'module' : 'commonjs';
}
