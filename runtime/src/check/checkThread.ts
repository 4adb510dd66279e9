/**
 * One check of the editor's resident check (./residentCheck), on a thread of its own: a fresh thread has a fresh
 * module graph, so the app's modules are loaded as they are on disk now (a thread's ES modules can never be loaded
 * again), and whatever the app's code does to its globals, or `process.exit`, ends with the thread. The thread
 * loads the runtime and the TypeScript loader while it waits; it loads the app while the process reads the store.
 */
import { parentPort } from 'node:worker_threads';
import { loadApp } from '../host/loadApp';
import { registerTypeScript } from '../host/typescriptSupport';
import { verdictsOf, type CheckedInstance } from './checkInstances';
import { summary } from './report';

/** The thread's first message: the app to load. Its second: the instances to replay against it. */
export interface ThreadRequest {
  app: string;
  deadlineMs: number;
}

/** What a thread answers: `durable-ts check --format json`'s report, or why the check could not run. */
export type ThreadAnswer = { report: ReturnType<typeof summary> & { instances: unknown[] } } | { error: string };

registerTypeScript();

const port = parentPort!;
port.once('message', (request: ThreadRequest) => {
  const app = loadApp(request.app);
  app.catch(() => {}); // awaited, and answered, once the instances are here
  port.once('message', async (instances: CheckedInstance[]) => {
    let answer: ThreadAnswer;
    try {
      const verdicts = await verdictsOf(await app, request.deadlineMs, async (check) => {
        for (const instance of instances) await check(instance);
      });
      answer = { report: { ...summary(verdicts), instances: verdicts } };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
});
