/**
 * Makes Node run TypeScript files directly: what the CLI uses to load an app, and what `durable-ts/register`
 * installs. ESM goes through module hooks; CommonJS through require's extension table.
 */
import * as fs from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { stripTypes } from './stripTypes';

const registeredKey = Symbol.for('durable-ts.typescript-registered');

export function registerTypeScript(): void {
  const slot = globalThis as { [registeredKey]?: boolean };
  if (slot[registeredKey]) return;
  slot[registeredKey] = true;
  register(pathToFileURL(`${__dirname}/esmHooks.js`).href);
  const extensions = (Module as unknown as { _extensions: Record<string, (module: Module & { _compile(code: string, file: string): void }, file: string) => void> })._extensions;
  for (const extension of ['.ts', '.cts']) {
    extensions[extension] = (module, file) => module._compile(stripTypes(fs.readFileSync(file, 'utf8'), file), file);
  }
}
