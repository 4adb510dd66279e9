import { spawn } from 'node:child_process';

/** Marks the process `serve --debug` relaunched itself as, so that it does not relaunch again. */
const RELAUNCHED_ENV = 'DURABLE_TS_DEBUG_RELAUNCHED';

/**
 * Whether this process runs Node's built-in modules from the startup snapshot. A debugger cannot skip code that
 * comes from the snapshot (V8 does not blackbox it), so stepping under `serve --debug` would stop in
 * `node:internal/timers` and lose its way: it runs with `--no-node-snapshot`.
 */
export function runsFromNodeSnapshot(): boolean {
  if (process.env[RELAUNCHED_ENV] === '1') return false;
  return !process.execArgv.includes('--no-node-snapshot') && !(process.env.NODE_OPTIONS ?? '').includes('--no-node-snapshot');
}

/**
 * Runs this same command again in a child process without the snapshot and waits for it: its streams are this
 * process's, signals are passed on, and the child stops (gracefully) if this process dies, even of SIGKILL.
 */
export function relaunchWithoutNodeSnapshot(): Promise<number> {
  const child = spawn(process.execPath, ['--no-node-snapshot', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** In the relaunched child: stop as on SIGTERM when the process that started it is gone (its IPC channel closes). */
export function stopWithRelauncher(): void {
  if (process.env[RELAUNCHED_ENV] !== '1' || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
