import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often, and how long, a window's logs are read again for the lines waited for. */
const POLL_MS = 100;
const WAIT_MS = 30_000;

/** The extension hosts' log folders (`<session>/exthost<N>`) under code-server's `logsDir`. */
export function extensionHostLogDirs(logsDir) {
  if (!fs.existsSync(logsDir)) return [];
  return fs.readdirSync(logsDir).flatMap((session) => {
    const sessionDir = path.join(logsDir, session);
    if (!fs.statSync(sessionDir).isDirectory()) return [];
    return fs.readdirSync(sessionDir).filter((name) => /^exthost\d+$/.test(name)).map((name) => path.join(sessionDir, name));
  });
}

/** The lines of an extension host's own log (in its log folder `dir`), or none when there is no folder yet. */
export function extensionHostLogLines(dir) {
  const file = dir && path.join(dir, 'remoteexthost.log');
  return file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
}

/**
 * The lines `readLines()` gives that match any of `patterns`, once each pattern has matched one: logs are written
 * a moment after the fact. Resolves with the lines found so far after WAIT_MS.
 */
export async function waitForLines(patterns, readLines) {
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const lines = readLines().filter((line) => patterns.some((pattern) => pattern.test(line)));
    if (patterns.every((pattern) => lines.some((line) => pattern.test(line))) || performance.now() > deadline) return lines;
    await sleep(POLL_MS);
  }
}
