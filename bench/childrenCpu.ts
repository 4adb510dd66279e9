import fs from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, in ms) of this process's children that have exited and been waited for, and of theirs
 * (a lint started from its snapshot runs in a child of the CLI's process): on a shared machine, the work itself,
 * where wall time also counts the waits for a core. Linux only (/proc/self/stat's cutime and cstime).
 */
export function childrenCpuMilliseconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces, inside parentheses): cutime and cstime are the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}
