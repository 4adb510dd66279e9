import { DurableError } from '../../api/errors';
import type { CliIo } from '../io';

type RunLintCli = (argv: string[], io: CliIo) => Promise<number>;

/**
 * `lint`: the determinism analyzer lives in the language server package (it needs the TypeScript compiler, which
 * the runtime itself does not), so it is loaded only when asked for.
 */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  let runLintCli: RunLintCli;
  try {
    ({ runLintCli } = require('durable-ts-server/dist/lint/cli') as { runLintCli: RunLintCli });
  } catch (error) {
    throw new DurableError(`The lint needs the durable-ts-server package next to durable-ts (${(error as Error).message}).`);
  }
  return runLintCli(argv, io);
}
