/** `node:fs` and `fs` name the same module; rules are written against the bare name. */
export function normalizeModuleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

export const DURABLE_TS_MODULE = 'durable-ts';
export const DURABLE_FUNCTIONS_MODULE = 'durable-functions';
