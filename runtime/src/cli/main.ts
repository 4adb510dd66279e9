#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { DurableError } from '../api/errors';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { workerCommand } from './commands/worker';
import { manageCommand, managementCommands } from './commands/manage';
import { lintCommand } from './commands/lint';
import { repairCommand } from './commands/repair';
import { initCommand } from './commands/init';
import { checkCommand } from './commands/check';
import { replayCommand } from './commands/replay';
import { entityCommand } from './commands/entity';
import { checkServiceCommand } from './commands/checkService';
import { processIo, type CliIo } from './io';
import { USAGE, UsageError } from './usage';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command ? 0 : 2;
    }
    if (command === 'run' || command === 'serve' || command === 'worker') tuneHostHeap();
    if (command === 'run') return await runCommand(rest, io);
    if (command === 'serve') return await serveCommand(rest, io);
    if (command === 'worker') return await workerCommand(rest, io);
    if (command === 'lint') return await lintCommand(rest, io);
    if (command === 'repair') return await repairCommand(rest, io);
    if (command === 'init') return await initCommand(rest, io);
    if (command === 'check') return await checkCommand(rest, io);
    if (command === 'replay') return await replayCommand(rest, io);
    if (command === 'entity') return await entityCommand(rest, io);
    if (command === 'check-service') return await checkServiceCommand(rest);
    if (managementCommands.includes(command)) return await manageCommand(command, rest, io);
    throw new UsageError(`Unknown command '${command}'.`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    // Errors users can cause carry a message that says what to do; anything else keeps its stack.
    io.stderr(error instanceof DurableError ? `error: ${error.message}` : `error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

/**
 * A host turns over many short-lived objects per durable step (events, their JSON, store changes). A larger young
 * generation lets most of them die without a scavenge: about a quarter more steps per second in this process.
 */
function tuneHostHeap(): void {
  setFlagsFromString('--max-semi-space-size=64');
}

/**
 * The store's warnings (a journal's torn last record dropped, a full disk, space freed) are news for the user, not
 * Node diagnostics: printed as `warning: …`, without Node's `(node:PID)` prefix and its `--trace-warnings` advice.
 * Every other warning keeps Node's own printing.
 */
function printStoreWarningsPlainly(io: CliIo): void {
  const nodePrinters = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'DurableStoreWarning') io.stderr(`warning: ${warning.message}`);
    else for (const print of nodePrinters) print(warning);
  });
}

/** Run with this process's arguments and streams, setting its exit code. */
export function runFromCommandLine(): void {
  const [command] = process.argv.slice(2);
  printStoreWarningsPlainly(processIo);
  main(process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code;
    // A host is done once its runtime has closed; timers or sockets its app's code left open must not keep it up
    // (an activity abandoned by a stop may never settle).
    if (command === 'run' || command === 'serve' || command === 'worker') process.exit(code);
  });
}

if (require.main === module) runFromCommandLine();
