import * as fs from 'node:fs';

/** Names a file to append the launch's timeline to (bench/debug.ts reads it to say where a launch's time goes). */
export const TIMELINE_ENV = 'DURABLE_TS_DEBUG_TIMELINE';

const file = process.env[TIMELINE_ENV];

/**
 * Notes that a step of the launch was reached (`at`, a time since the epoch in ms, when it was reached earlier):
 * one line "<ms since the epoch> <pid> <step>", appended synchronously. Costs nothing when no file is named.
 */
export function mark(step: string, at = performance.timeOrigin + performance.now()): void {
  if (file) fs.appendFileSync(file, `${at.toFixed(1)} ${process.pid} ${step}\n`);
}
