import { SerializationError } from '../api/errors';

/**
 * Values cross the history as JSON text, on the first run and on replay alike, so an orchestrator sees the same
 * value either way (no Dates, class instances or `undefined` fields that only the first run would see).
 */
export function toJson(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new SerializationError(`${what} cannot be serialised to JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new SerializationError(`${what} cannot be serialised to JSON (a ${typeof value}).`);
  return text;
}

export function fromJson(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}
