/**
 * Clears Node's async id stack, which the turn watchdog does just before it stops stuck orchestrator code. Stopping
 * (V8's terminateExecution) unwinds the microtask the code runs in without the promise hook that pops its async id.
 * With async hooks on (an AsyncLocalStorage anywhere in the app: OpenTelemetry and many loggers use one), Node then
 * finds the stack corrupt and aborts the whole process. Orchestrator code only ever runs in microtasks, drained
 * after the callback that queued them has popped its own id, so what is on the stack belongs to the code being
 * unwound. Undefined where Node offers no way to do it (the public async_hooks API has none).
 */
export function asyncIdStackClearer(): (() => void) | undefined {
  // Node's internal binding, read without the deprecation warning it would print for the user to puzzle over.
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = (process as unknown as { binding(name: string): { clearAsyncIdStack?: () => void } }).binding('async_wrap');
    return typeof binding.clearAsyncIdStack === 'function' ? binding.clearAsyncIdStack : undefined;
  } catch {
    return undefined;
  } finally {
    process.noDeprecation = quiet;
  }
}
