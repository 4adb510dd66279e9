import { lintFromSnapshot } from './lintSnapshot/startLint';

/**
 * `durable-ts lint ARGS...` from the command line, started without the modules of the other commands (the runtime,
 * its store): a lint's start is mostly what it loads. From the lint's snapshot when there is one, with no more than
 * that loaded here; else in this process. Errors are reported as the CLI's entry (main.ts) reports them.
 */
export function runLintFromCommandLine(argv: string[]): void {
  const code = lintFromSnapshot(argv, process.cwd());
  if (code !== undefined) {
    process.exitCode = code;
    return;
  }
  // Loaded only now: the io module takes hold of this process's stdout and stderr.
  const { processIo } = require('./io') as typeof import('./io');
  const { lintInProcess } = require('./commands/lint') as typeof import('./commands/lint');
  lintInProcess(argv, processIo).then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      processIo.stderr(`error: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = 1;
    },
  );
}
