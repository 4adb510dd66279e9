import { globalApi, moduleApi, type ApiPattern } from './apiPatterns';

/** DUR005: environment and process state, which differ between the process that ran a turn and the one replaying it. */

function environmentMessage(subject: string): string {
  return `${subject} reads the environment of the process, which can differ when the orchestration is replayed elsewhere; read it in an activity or pass it in as input.`;
}

const PROCESS_STATE = ['env', 'argv', 'argv0', 'execArgv', 'execPath', 'cwd', 'pid', 'ppid', 'platform', 'arch', 'title',
  'version', 'versions', 'memoryUsage', 'resourceUsage', 'getuid', 'geteuid', 'getgid', 'getegid'];

export const ENVIRONMENT_APIS: readonly ApiPattern[] = [
  ...PROCESS_STATE.map((name) => globalApi('DUR005', `process.${name}`, 'any', environmentMessage)),
  // `os.EOL` and `os.constants` are constants; the functions read the machine.
  moduleApi('DUR005', 'os', '', 'call', environmentMessage),
];
