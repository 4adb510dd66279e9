import type { RuntimeStatus } from '../../api/types';
import { loadApp } from '../../host/loadApp';
import { resolveStorePath } from '../../store/storePath';
import { verdictOf, type InstanceVerdict } from '../../check/replayCheck';
import { jsonReport, textReport } from '../../check/report';
import { ReplayDeadline } from '../../check/replayDeadline';
import { parse, turnDeadlineOption } from '../options';
import { withStoreClient } from '../storeClient';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

const UNFINISHED: RuntimeStatus[] = ['Pending', 'Running', 'Suspended', 'ContinuedAsNew'];

/**
 * `check <app>`: replay every unfinished instance of the store against the app's current code, running nothing;
 * exit 0 when all would go on, 1 when any diverges. Reads a store a `serve` owns through its HTTP API.
 */
export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' }, 'turn-deadline-ms': { type: 'string' } }, ['app']);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'.`);
  const deadlineMs = turnDeadlineOption(values);
  const app = await loadApp(positionals[0]);
  const storePath = resolveStorePath(values.store as string | undefined, io.cwd);
  const deadline = ReplayDeadline.start(deadlineMs);
  const verdicts = await withStoreClient(storePath, true, async (client) => {
    const found: InstanceVerdict[] = [];
    for (const listed of await client.list({ runtimeStatus: UNFINISHED })) {
      const status = await client.getStatus(listed.instanceId, { showHistory: true });
      if (!status || !UNFINISHED.includes(status.runtimeStatus)) continue; // finished or purged since it was listed
      found.push(await verdictOf(app, { ...status, historyEvents: status.historyEvents ?? [] }, deadline));
    }
    return found;
  }).finally(() => deadline?.stop());
  if (format === 'json') io.stdout(jsonReport(verdicts));
  else for (const line of textReport(verdicts, { count: true })) io.stdout(line);
  return verdicts.every((verdict) => verdict.compatible) ? 0 : 1;
}
