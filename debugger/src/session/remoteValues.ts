import type { RemoteObject } from '../runtime/cdpTypes';

/** How a value from the debuggee reads in the Variables view, the hover and the debug console. */
export function remoteValueText(value: RemoteObject): string {
  switch (value.type) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return value.unserializableValue ?? String(value.value);
    case 'object':
      if (value.subtype === 'null') return 'null';
      return value.description ?? value.className ?? 'Object';
    default:
      return value.description ?? String(value.value);
  }
}

/** A plain (JSON) value, as the History and Orchestration scopes show payloads. */
export function jsonValueText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (value !== null && typeof value === 'object') return 'Object';
  return JSON.stringify(value);
}

/** History payloads are JSON text: shown as the values they encode. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
