import { lintCommand } from './commands/lint';
import { processIo } from './io';

/**
 * `durable-ts lint ARGS...` from the command line, started without the modules of the other commands (the runtime,
 * its store): a lint's start is mostly what it loads. Errors are reported as the CLI's entry (main.ts) reports them.
 */
export function runLintFromCommandLine(argv: string[]): void {
  lintCommand(argv, processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      processIo.stderr(`error: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = 1;
    },
  );
}
