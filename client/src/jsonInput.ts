/** What is wrong with text typed as JSON in an input box (empty text means "none" and is fine); undefined when nothing. */
export function jsonProblem(text: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
}
