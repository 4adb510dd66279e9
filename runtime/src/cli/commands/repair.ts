import * as path from 'node:path';
import { repairStore } from '../../store/sqljs/repair';
import { DEFAULT_STORE, parse } from '../options';
import type { CliIo } from '../io';

/** `durable-ts repair [--store PATH]`: accept the loss a damaged journal causes, after being told what it is. */
export async function repairCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {}, []);
  io.stdout(await repairStore(path.resolve(io.cwd, (values.store as string) ?? DEFAULT_STORE)));
  return 0;
}
