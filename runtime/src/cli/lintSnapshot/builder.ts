/**
 * Run by `node --build-snapshot` (see prepare.ts) to make the lint's startup snapshot: the TypeScript compiler and
 * the lint loaded, the lib files and the runtime's typings parsed and bound, so that a lint started from the snapshot
 * begins where a lint in a fresh process would be a second later. A snapshot builder can require Node's own modules
 * only, so the compiler, the lint and the CLI's io are evaluated here, and this file imports nothing else.
 * Arguments: the compiler's typescript.js, the lint's bundle, the runtime's index.d.ts, the CLI's io module, and the
 * snapshot's key check as JSON (SnapshotKeyCheck).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { CliIo } from '../io';

interface Lint {
  runLintCli: (argv: string[], io: CliIo) => Promise<number>;
  prepareLintSnapshot: (typings: string) => number;
}

/**
 * A lint starts from the snapshot only when the variable `variable` holds `key`: the key the snapshot's file was
 * named for (see snapshotFile.ts). Otherwise it exits with `exitCode`, having printed nothing.
 */
interface SnapshotKeyCheck {
  variable: string;
  key: string;
  exitCode: number;
}

/** A CommonJS module evaluated as Node would, with `requireOf` for what it requires. */
function loadCommonJs(file: string, requireOf: (id: string) => unknown): unknown {
  const module = { exports: {} };
  const source = fs.readFileSync(file, 'utf8');
  const evaluate = new Function('exports', 'require', 'module', '__filename', '__dirname', `${source}\n//# sourceURL=${file}`);
  evaluate(module.exports, requireOf, module, file, path.dirname(file));
  return module.exports;
}

function build([typescriptFile, lintFile, typingsFile, ioFile, keyCheckJson]: string[]): void {
  const keyCheck = JSON.parse(keyCheckJson) as SnapshotKeyCheck;
  const typescript = loadCommonJs(typescriptFile, require);
  const lint = loadCommonJs(lintFile, (id) => (id === 'typescript' ? typescript : require(id))) as Lint;
  lint.prepareLintSnapshot(typingsFile);

  // `node --snapshot-blob FILE -- ARGS...`: what `durable-ts lint ARGS...` does, with the CLI's own output and
  // exit codes. The io module is loaded now, not at build time: it takes hold of this process's stdout and stderr.
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    if (process.env[keyCheck.variable] !== keyCheck.key) {
      process.exitCode = keyCheck.exitCode;
      return;
    }
    const io = (loadCommonJs(ioFile, require) as { processIo: CliIo }).processIo;
    lint.runLintCli(process.argv.slice(1), io).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        io.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exitCode = 1;
      },
    );
  });
}

if (v8.startupSnapshot.isBuildingSnapshot()) build(process.argv.slice(2));
