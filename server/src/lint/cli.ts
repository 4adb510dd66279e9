import { InvalidSettingsError } from '../analyzer/settings';
import { parseLintArguments, USAGE, UsageError } from './args';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { runAsShardHelper, runLintInParallel } from './shards';

export interface LintIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS_FOUND = 1;
export const EXIT_USAGE = 2;

/**
 * `durable-ts lint [paths...] [--format text|json|sarif]`. `argv` holds the arguments after `lint`.
 * Resolves to the exit code: 1 when any finding is an error, 2 for a usage problem, else 0.
 */
export async function runLintCli(argv: string[], io: LintIo): Promise<number> {
  try {
    const args = parseLintArguments(argv);
    if (args.help) {
      io.stdout(USAGE);
      return EXIT_CLEAN;
    }
    if (runAsShardHelper(args.paths, args.settings, io.cwd)) return EXIT_CLEAN;
    const run = await runLintInParallel(args.paths, args.settings, io.cwd, { argv, concurrency: args.concurrency });
    for (const warning of run.warnings) io.stderr(`warning: ${warning}\n`);
    if (args.format === 'json') io.stdout(formatJson(run.results));
    else if (args.format === 'sarif') io.stdout(formatSarif(run.results, io.cwd));
    else io.stdout(formatText(run.results, run.filesLinted));
    return run.results.some((result) => result.severity === 'error') ? EXIT_ERRORS_FOUND : EXIT_CLEAN;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidSettingsError) {
      io.stderr(`durable-ts lint: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export { prepareLintSnapshot } from './snapshotPreparation';
