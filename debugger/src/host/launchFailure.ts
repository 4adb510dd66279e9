/** Built-in error types: their name says little, so the message says where the error was thrown in the user's code. */
const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError']);

/**
 * What the Debug Console says when the host cannot run the launch: one clear sentence, never a raw stack. A typed
 * error of the runtime or the launch says it all; a system error (a store path that cannot be opened) is named with
 * its path; an error the app throws while it loads points at the line of the app that threw it.
 */
export function describeLaunchFailure(error: unknown, program: string, hostCode: readonly string[]): string {
  if (!(error instanceof Error)) return `The launch failed: ${String(error)}`;
  const system = error as NodeJS.ErrnoException;
  if (system.code && system.syscall) return `The launch failed: ${system.message}${system.path && !system.message.includes(system.path) ? ` (${system.path})` : ''}.`;
  if (error.name === 'LaunchConfigurationError') return error.message;
  if (!BUILT_IN_ERRORS.has(error.name)) return `${error.name}: ${error.message}`;
  const where = firstUserFrame(error.stack ?? '', hostCode);
  return `The app ${program} failed: ${error.name}: ${error.message}${where ? ` (at ${where})` : ''}`;
}

/** The first stack frame in a file of the user's: not Node's, not a dependency's, not the runtime's or the host's. */
function firstUserFrame(stack: string, hostCode: readonly string[]): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const location = /\(?((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?$/.exec(line.trim())?.[1];
    if (!location || location.includes('/node_modules/') || hostCode.some((code) => location.includes(code))) continue;
    return location.replace(/^file:\/\//, '');
  }
  return undefined;
}
