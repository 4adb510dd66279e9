import { ResidentCheck, type CancelRequest, type CheckRequest } from '../../check/residentCheck';
import { parse } from '../options';
import { UsageError } from '../usage';

/**
 * `check-service`: the editor's check on save, kept running. It answers check requests over the IPC channel of
 * the process that started it (VS Code's extension) and ends when that channel closes, so it never outlives it.
 */
export async function checkServiceCommand(argv: string[]): Promise<number> {
  parse(argv, {}, []);
  if (!process.send) throw new UsageError('check-service answers the editor that starts it over an IPC channel (child_process.fork); it reads no terminal.');
  // A check that ends after the editor went has no one to answer.
  const service = new ResidentCheck((message) => process.connected && process.send!(message));
  process.on('message', (message: CheckRequest | CancelRequest) => service.receive(message));
  const disconnected = new Promise<void>((resolve) => process.once('disconnect', resolve));
  service.start();
  await disconnected;
  await service.close();
  return 0;
}
