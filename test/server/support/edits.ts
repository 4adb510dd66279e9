import type { TextEdit } from '../../../server/src/analyzer/index';

/** Applies non-overlapping edits to a text, as an editor applies a workspace edit. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}
