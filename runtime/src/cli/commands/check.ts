import { loadApp } from '../../host/loadApp';
import { resolveStorePath } from '../../store/storePath';
import { jsonReport, textReport } from '../../check/report';
import { forEachUnfinished, verdictsOf } from '../../check/checkInstances';
import { parse, turnDeadlineOption } from '../options';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

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
  const verdicts = await verdictsOf(app, deadlineMs, (check) => forEachUnfinished(storePath, check));
  if (format === 'json') io.stdout(jsonReport(verdicts));
  else for (const line of textReport(verdicts, { count: true })) io.stdout(line);
  return verdicts.every((verdict) => verdict.compatible) ? 0 : 1;
}
