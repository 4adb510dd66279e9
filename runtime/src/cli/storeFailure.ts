import { StoreFailedError } from '../api/errors';
import type { Worker } from '../worker/worker';
import type { CliIo } from './io';

/**
 * Resolves with the error that ended the store (a journal write that failed: EIO, a lost disk) once the worker
 * reports it: nothing more can be made durable, so the host must stop; every acknowledgement before it had waited
 * for durability. Other errors the worker reports are printed and it carries on.
 */
export function whenStoreFails(worker: Worker, io: CliIo): Promise<StoreFailedError> {
  return new Promise((resolve) => {
    worker.on('error', (error) => {
      if (error instanceof StoreFailedError) resolve(error);
      else io.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  });
}
