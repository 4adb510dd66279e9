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

/** CPU time (user + system, in ms) a running process has used so far, all its threads. Linux only (/proc/PID/stat). */
export function processCpuMilliseconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** The CPU time of a running process and of its running children (a debug adapter and the host it started). */
export function processTreeCpuMilliseconds(pid: number): number {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return processCpuMilliseconds(pid) + children.reduce((sum, child) => sum + processTreeCpuMilliseconds(child), 0);
}
