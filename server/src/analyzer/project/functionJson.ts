import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type FunctionJsonKind = 'activity' | 'orchestration' | 'entity';

/** A function an app declares the classic way: a folder holding function.json, named like the function. */
export interface FunctionJsonDeclaration {
  name: string;
  kind: FunctionJsonKind;
  /** The function.json file, for messages. */
  fileName: string;
}

/** A function folder whose function.json cannot be read or parsed: the Functions host does not load it. */
export interface BrokenFunctionJson {
  /** The folder's name, the function's name had the file been read. */
  name: string;
  fileName: string;
  /** What is wrong, as the user would fix it: `does not parse (3:5: ',' expected.)`, `is empty`, `cannot be read (…)`. */
  problem: string;
}

export interface FunctionJsonFolders {
  declarations: FunctionJsonDeclaration[];
  broken: BrokenFunctionJson[];
}

const TRIGGER_KINDS: Readonly<Record<string, FunctionJsonKind>> = {
  orchestrationTrigger: 'orchestration',
  activityTrigger: 'activity',
  entityTrigger: 'entity',
};

/**
 * The durable functions declared by `<root>/<Name>/function.json` (the Functions v3 programming model): the folder
 * name is the function name and its trigger binding says the kind. A function.json that cannot be read or parsed
 * is listed as broken (its function is then of no known kind); one of another trigger is not a durable function.
 */
export function functionJsonFolders(root: string): FunctionJsonFolders {
  const found: FunctionJsonFolders = { declarations: [], broken: [] };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const fileName = path.join(root, entry.name, 'function.json');
    const read = readFunctionJson(fileName);
    if (read === undefined) continue;
    if (typeof read === 'string') found.broken.push({ name: entry.name, fileName, problem: read });
    else if (read.kind) found.declarations.push({ name: entry.name, kind: read.kind, fileName });
  }
  return found;
}

/**
 * The trigger kind a function.json declares ({} when none is durable), what is wrong with it, or undefined when
 * the folder has no function.json at all. Read like the Functions host does: comments and trailing commas pass.
 */
function readFunctionJson(fileName: string): { kind?: FunctionJsonKind } | string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(fileName, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A link to a file that is gone, or a folder of that name, is a function.json the host cannot read.
    if (code === 'ENOENT' && !isDanglingLink(fileName)) return undefined;
    return `cannot be read (${code === 'ENOENT' ? 'it links to a file that does not exist' : (error as Error).message})`;
  }
  if (text.trim() === '') return 'is empty';
  const parsed = ts.parseJsonText(fileName, text);
  const [syntax] = (parsed as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (syntax) {
    const { line, character } = parsed.getLineAndCharacterOfPosition(syntax.start);
    return `does not parse (${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')})`;
  }
  const bindings = (ts.convertToObject(parsed, []) as { bindings?: unknown } | null)?.bindings;
  if (!Array.isArray(bindings)) return {};
  for (const binding of bindings) {
    const type = (binding as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && Object.hasOwn(TRIGGER_KINDS, type)) return { kind: TRIGGER_KINDS[type] };
  }
  return {};
}

function isDanglingLink(fileName: string): boolean {
  return fs.lstatSync(fileName, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}
