/**
 * A failure recorded in history (the JSON of `errorType`, `message` and `stack`) as the debug console shows it:
 * the error line, then only the frames in the user's files, so the error reads like the user's own stack trace and
 * not like the host's and the runtime's. Editor-free.
 */
export function describeFailure(details: string, isUserFile: (file: string) => boolean): string {
  let failure: { errorType?: string; message?: string; stack?: string };
  try {
    failure = JSON.parse(details);
  } catch {
    return details;
  }
  if (typeof failure?.message !== 'string') return details;
  const headline = `${failure.errorType ?? 'Error'}: ${failure.message}`;
  const frames = (failure.stack ?? '').split('\n').filter((line) => {
    const file = stackFrameLocation(line)?.file;
    return file !== undefined && isUserFile(file);
  });
  return [headline, ...frames].join('\n');
}

/**
 * Where a stack frame line points (`    at f (file:///a.ts:3:9)` or `    at /a.js:3:9`): its file as written (a
 * path or a file:// URL) and its line and column, from 1; undefined for other lines.
 */
export function stackFrameLocation(line: string): { file: string; line: number; column: number } | undefined {
  const match = /^\s+at (?:.*\()?(.+?):(\d+):(\d+)\)?$/.exec(line);
  return match ? { file: match[1], line: Number(match[2]), column: Number(match[3]) } : undefined;
}
