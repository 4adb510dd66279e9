import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ReplayDebugRuntime } from '../runtime/replayDebugRuntime';

/** At most this many suggestions: a global scope has hundreds of names. */
const MAX_ITEMS = 200;

/**
 * Debug Console completions: after `a.b.` the properties of `a.b` (its prototype chain's too), evaluated in the
 * frame; otherwise the frame's variables, innermost first, then the globals.
 */
export async function completions(runtime: ReplayDebugRuntime, text: string, column: number, frameIndex: number | undefined): Promise<DebugProtocol.CompletionItem[]> {
  const beforeCursor = text.slice(0, Math.max(0, column - 1));
  const [, target, prefix] = /(?:([\w$.\])]+)\.)?([\w$]*)$/.exec(beforeCursor) ?? [];
  const names = target ? await propertyNames(runtime, target, frameIndex) : await scopeNames(runtime, frameIndex);
  const seen = new Set<string>();
  const items: DebugProtocol.CompletionItem[] = [];
  for (const { name, type } of names) {
    if (!name.startsWith(prefix ?? '') || seen.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    seen.add(name);
    items.push({ label: name, type });
    if (items.length >= MAX_ITEMS) break;
  }
  return items;
}

type Name = { name: string; type: DebugProtocol.CompletionItemType };

async function propertyNames(runtime: ReplayDebugRuntime, target: string, frameIndex: number | undefined): Promise<Name[]> {
  // Object(...) so a string or a number offers its methods too.
  const value = await runtime.evaluate(`Object(${target})`, frameIndex).catch(() => undefined);
  if (!value?.objectId) return [];
  return (await runtime.properties(value.objectId, true)).map((property) => ({ name: property.name, type: property.value?.type === 'function' ? 'method' : 'property' }));
}

async function scopeNames(runtime: ReplayDebugRuntime, frameIndex: number | undefined): Promise<Name[]> {
  const frame = runtime.callFrame(frameIndex ?? runtime.frames()[0]?.index ?? -1);
  const names: Name[] = [];
  for (const scope of frame?.scopeChain ?? []) {
    if (!scope.object.objectId) continue;
    const type = scope.type === 'global' ? 'property' : 'variable';
    for (const property of await runtime.properties(scope.object.objectId)) names.push({ name: property.name, type: property.value?.type === 'function' ? 'function' : type });
  }
  return names;
}
