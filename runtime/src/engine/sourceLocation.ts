import * as path from 'node:path';

const runtimeRoot = path.resolve(__dirname, '..');

/**
 * The `file:line:column` of the innermost user frame of the current stack: the orchestrator line that made a call.
 * Only computed when something went wrong, since capturing a stack is not free.
 */
export function userSourceLocation(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const match = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/.exec(frame);
    if (!match) continue;
    const file = match[1].startsWith('file://') ? new URL(match[1]).pathname : match[1];
    if (file.startsWith(runtimeRoot) || file.includes(`${path.sep}node_modules${path.sep}durable-ts${path.sep}`)) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}
