import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { createRuntime } from '../../runtime';
import { DEFAULT_STORE, jsonOption, parse } from '../options';
import type { CliIo } from '../io';

/** `run`: start (or, after a crash, resume) one instance and follow it to the end. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { input: { type: 'string' }, 'instance-id': { type: 'string' }, 'time-skip': { type: 'boolean' }, quiet: { type: 'boolean' } },
    ['app', 'orchestration'],
  );
  const [appFile, orchestration] = positionals;
  const input = jsonOption(values.input, 'input');
  const app = await loadApp(appFile);
  const runtime = await createRuntime({ app, store: (values.store as string) ?? DEFAULT_STORE, timeSkip: values['time-skip'] === true });
  try {
    if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 200 });
    const requestedId = values['instance-id'] as string | undefined;
    const existing = requestedId ? await runtime.client.getStatus(requestedId) : undefined;
    const resuming = existing && !['Completed', 'Failed', 'Terminated'].includes(existing.runtimeStatus);
    const instanceId = resuming ? requestedId! : await runtime.client.start(orchestration, input, { instanceId: requestedId });
    io.stderr(resuming ? `Resuming ${orchestration} (${instanceId}) from ${runtime.store.description}` : `Started ${orchestration} (${instanceId}) on ${runtime.store.description}`);
    const status = await runtime.client.waitForCompletion(instanceId);
    io.stderr(`${orchestration} (${instanceId}) ${status.runtimeStatus}`);
    io.stdout(JSON.stringify(status.output, null, 2));
    return status.runtimeStatus === 'Completed' ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
