import * as path from 'node:path';
import { enableCompileCache } from '../compileCache';
import type { CliIo } from '../io';

type RunLintCli = (argv: string[], io: CliIo) => Promise<number>;

/**
 * `lint`: the determinism analyzer is bundled into the package at build time (dist/lint/cli.js, from the language
 * server's sources). It needs the TypeScript compiler, so it is loaded only when asked for. The path is the same
 * from src/cli/commands and dist/cli/commands.
 */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'lint', 'cli.js');
  enableCompileCache();
  const { runLintCli } = require(bundled) as { runLintCli: RunLintCli };
  return runLintCli(argv, io);
}
