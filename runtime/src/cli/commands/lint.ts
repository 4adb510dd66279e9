import * as path from 'node:path';
import { processIo, type CliIo } from '../io';
import { lintFromSnapshot } from '../lintSnapshot/startLint';

type RunLintCli = (argv: string[], io: CliIo) => Promise<number>;

/**
 * `lint`: the determinism analyzer is bundled into the package at build time (dist/lint/cli.js, from the language
 * server's sources). On the command line it starts from its startup snapshot (see ../lintSnapshot) when there is
 * one, and prepares one for the next run when there is not; otherwise, and in process, it loads the lint here.
 */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  if (io === processIo) {
    const code = lintFromSnapshot(argv, io.cwd);
    if (code !== undefined) return code;
  }
  return lintInProcess(argv, io);
}

/** The lint (and the TypeScript compiler) loaded into this process, once the compile cache (dist/lint/compileCache.js) is on. */
export function lintInProcess(argv: string[], io: CliIo): Promise<number> {
  const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'lint');
  (require(path.join(bundled, 'compileCache.js')) as { enableCompileCache: () => void }).enableCompileCache();
  const { runLintCli } = require(path.join(bundled, 'cli.js')) as { runLintCli: RunLintCli };
  return runLintCli(argv, io);
}
