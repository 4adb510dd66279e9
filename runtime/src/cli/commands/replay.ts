import * as fs from 'node:fs';
import { DurableError } from '../../api/errors';
import { loadApp } from '../../host/loadApp';
import { exportedInstance } from '../../check/exportedHistory';
import { verdictOf } from '../../check/replayCheck';
import { ReplayDeadline } from '../../check/replayDeadline';
import { jsonReport, textReport } from '../../check/report';
import { parse, turnDeadlineOption } from '../options';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

/** `replay <app> --history FILE`: replay an exported history against the app's code, as `check` does a store's. */
export async function replayCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { history: { type: 'string' }, format: { type: 'string' }, 'turn-deadline-ms': { type: 'string' } }, ['app']);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'.`);
  if (typeof values.history !== 'string') throw new UsageError('Missing --history FILE: export one with `durable-ts history <id> --format json > FILE`.');
  let text: string;
  try {
    text = fs.readFileSync(values.history, 'utf8');
  } catch (error) {
    throw new DurableError(`Cannot read the history file ${values.history}: ${(error as Error).message}.`);
  }
  const instance = exportedInstance(text, `The history file ${values.history}`);
  const app = await loadApp(positionals[0]);
  const deadline = ReplayDeadline.start(turnDeadlineOption(values));
  const verdicts = [await verdictOf(app, instance, deadline).finally(() => deadline?.stop())];
  if (format === 'json') io.stdout(jsonReport(verdicts));
  else for (const line of textReport(verdicts, { count: false })) io.stdout(line);
  return verdicts[0].compatible ? 0 : 1;
}
