import fs from 'node:fs';
import path from 'node:path';

export type FunctionJsonKind = 'activity' | 'orchestration' | 'entity';

/** A function an app declares the classic way: a folder holding function.json, named like the function. */
export interface FunctionJsonDeclaration {
  name: string;
  kind: FunctionJsonKind;
  /** The function.json file, for messages. */
  fileName: string;
}

const TRIGGER_KINDS: Readonly<Record<string, FunctionJsonKind>> = {
  orchestrationTrigger: 'orchestration',
  activityTrigger: 'activity',
  entityTrigger: 'entity',
};

/**
 * The durable functions declared by `<root>/<Name>/function.json` (the Functions v3 programming model): the folder
 * name is the function name and its trigger binding says the kind. Unreadable or foreign files are skipped: an app
 * under construction must not make the lint fail.
 */
export function functionJsonDeclarations(root: string): FunctionJsonDeclaration[] {
  const found: FunctionJsonDeclaration[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const fileName = path.join(root, entry.name, 'function.json');
    const kind = triggerKindOf(fileName);
    if (kind) found.push({ name: entry.name, kind, fileName });
  }
  return found;
}

function triggerKindOf(fileName: string): FunctionJsonKind | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(fileName, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const bindings = (parsed as { bindings?: unknown } | null)?.bindings;
  if (!Array.isArray(bindings)) return undefined;
  for (const binding of bindings) {
    const type = (binding as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && Object.hasOwn(TRIGGER_KINDS, type)) return TRIGGER_KINDS[type];
  }
  return undefined;
}
