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
    const file = frameFile(line);
    return file !== undefined && isUserFile(file);
  });
  return [headline, ...frames].join('\n');
}

/** The file of a stack frame line (`    at f (file:///a.ts:3:9)` or `    at /a.js:3:9`); undefined for other lines. */
function frameFile(line: string): string | undefined {
  const match = /^\s+at (?:.*\()?(.+?):\d+:\d+\)?$/.exec(line);
  return match?.[1];
}
