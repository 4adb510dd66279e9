import * as path from 'node:path';
import { ATTACH_METHOD, DETACH_METHOD, type Debuggee, type DebuggeeMethod, type DebuggeeRequests, type DebuggerModule } from './debuggeeInterface';

export interface DebuggeeRequest {
  method: DebuggeeMethod | string;
  params?: Record<string, unknown>;
}

export type DebuggeeAnswer = { result: DebuggeeRequests[DebuggeeMethod]['result'] } | { error: { code: number; message: string } };

/**
 * The serving process's side of the debug port's own requests (`Durable.attach`, `Durable.detach`): it loads the
 * debugger's module and keeps what undoes its attach. One debugger at a time.
 */
export function debuggeeRequests(debuggee: Debuggee, load: (file: string) => unknown): (request: DebuggeeRequest) => DebuggeeAnswer {
  let detach: (() => void) | undefined;
  return (request) => {
    try {
      switch (request.method) {
        case ATTACH_METHOD: {
          if (detach) throw new Error('A debugger is attached to this process already.');
          const file = request.params?.debugger;
          if (typeof file !== 'string' || !path.isAbsolute(file)) throw new Error(`${ATTACH_METHOD} needs "debugger": the absolute path of the debugger's module.`);
          const loaded = load(file) as Partial<DebuggerModule>;
          if (typeof loaded.attach !== 'function') throw new Error(`${file} is not a debugger's module: it exports no attach function.`);
          detach = loaded.attach(debuggee);
          return { result: { program: debuggee.program, runtimeDir: debuggee.runtimeDir, pid: process.pid } };
        }
        case DETACH_METHOD: {
          const undo = detach;
          detach = undefined;
          undo?.();
          return { result: {} };
        }
        default:
          throw new Error(`The debug port has no request '${request.method}'.`);
      }
    } catch (error) {
      return { error: { code: -32000, message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
