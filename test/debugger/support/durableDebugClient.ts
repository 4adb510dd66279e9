import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const root = path.resolve(__dirname, '..', '..', '..');
export const fixture = (name: string) => path.join(root, 'test', 'debugger', 'fixtures', name);

export interface Stop {
  reason: string;
  description: string;
  threadId: number;
  frame: DebugProtocol.StackFrame;
}

/**
 * The debug adapter in its own process, spoken to over DAP on stdio as VS Code does, with the few steps every
 * test takes written once.
 */
export class DurableDebugClient extends DebugClient {
  readonly output: string[] = [];
  /**
   * Every `stopped` event, kept until `nextStop` takes it. A stop can arrive in the same read as the response to
   * the request that caused it (a continue, a pause), and the client emits it before the code awaiting that response
   * runs: a listener attached then would miss it.
   */
  private readonly stops: DebugProtocol.StoppedEvent[] = [];
  /**
   * The store of a launch that names none: a fresh one for this client, so no test continues the unfinished
   * instances another left in the default store.
   */
  readonly defaultStore = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'durable-debug-store-')), 'store.db');

  /** `adapter`: the adapter's entry script; its TypeScript sources unless told otherwise (the bundle, for benchmarks). */
  constructor(adapter = path.join(__dirname, 'adapterEntry.cjs')) {
    super(process.execPath, adapter, 'durable', {}, true);
    this.defaultTimeout = 15_000;
    this.on('output', (event: DebugProtocol.OutputEvent) => this.output.push(event.body.output));
    this.on('stopped', (event: DebugProtocol.StoppedEvent) => this.stops.push(event));
  }

  /** Launches with these breakpoints (file → lines or full breakpoints) and exception filters set during configuration. */
  async launchWith(
    args: Record<string, unknown>,
    breakpoints: Record<string, (number | DebugProtocol.SourceBreakpoint)[]> = {},
    filters: string[] = [],
  ): Promise<void> {
    await this.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    // A test that sets "store" to undefined gets the adapter's own default.
    const launched = this.launchRequest(('store' in args ? args : { ...args, store: this.defaultStore }) as DebugProtocol.LaunchRequestArguments);
    // A launch that fails does so before the adapter is initialized.
    await Promise.race([this.waitForEvent('initialized'), launched]);
    for (const [file, lines] of Object.entries(breakpoints)) {
      const requested = lines.map((line) => (typeof line === 'number' ? { line } : line));
      await this.setBreakpointsRequest({ source: { path: file }, breakpoints: requested });
    }
    await this.setExceptionBreakpointsRequest({ filters });
    await this.configurationDoneRequest();
    await launched;
  }

  async stop(): Promise<void> {
    await super.stop();
    fs.rmSync(path.dirname(this.defaultStore), { recursive: true, force: true });
  }

  get adapterPid(): number {
    return this.adapterProcess.pid!;
  }

  /** Kills the adapter's process, as when VS Code goes away: no disconnect is sent. Resolves once it is gone. */
  async kill(): Promise<void> {
    const adapter = this.adapterProcess;
    const exited = new Promise((resolve) => adapter.once('exit', resolve));
    adapter.kill('SIGKILL');
    await exited;
  }

  private get adapterProcess(): ChildProcess {
    return (this as unknown as { _adapterProcess: ChildProcess })._adapterProcess;
  }

  /** The stop after the one taken last, whether it has arrived already or not. */
  async nextStop(): Promise<Stop> {
    if (!this.stops.length) await this.waitForEvent('stopped');
    const stopped = this.stops.shift()!;
    const trace = await this.stackTraceRequest({ threadId: stopped.body.threadId! });
    return {
      reason: stopped.body.reason,
      description: stopped.body.description ?? '',
      threadId: stopped.body.threadId!,
      frame: trace.body.stackFrames[0],
    };
  }

  /** The variables of a scope of the stop's top frame, by scope name ('Locals', 'Orchestration', 'History'). */
  async scope(stop: Stop, name: string): Promise<Record<string, DebugProtocol.Variable>> {
    const scopes = await this.scopesRequest({ frameId: stop.frame.id });
    const scope = scopes.body.scopes.find((candidate) => candidate.name === name);
    if (!scope) throw new Error(`no scope '${name}' (there are: ${scopes.body.scopes.map((candidate) => candidate.name).join(', ')})`);
    const { body } = await this.variablesRequest({ variablesReference: scope.variablesReference });
    return Object.fromEntries(body.variables.map((variable) => [variable.name, variable]));
  }

  async children(variable: DebugProtocol.Variable): Promise<Record<string, DebugProtocol.Variable>> {
    const { body } = await this.variablesRequest({ variablesReference: variable.variablesReference });
    return Object.fromEntries(body.variables.map((child) => [child.name, child]));
  }
}

/** The adapter of the running test, started afresh for each test of the suite that calls this and stopped after it. */
export class ClientPerTest {
  client!: DurableDebugClient;

  /** A second session in the same test (after the first ended): a new adapter process. */
  async restart(): Promise<DurableDebugClient> {
    await this.client.stop();
    return (this.client = await startedClient());
  }
}

export function clientPerTest(): ClientPerTest {
  const holder = new ClientPerTest();
  beforeEach(async () => {
    holder.client = await startedClient();
  });
  afterEach(() => holder.client.stop());
  return holder;
}

async function startedClient(): Promise<DurableDebugClient> {
  const client = new DurableDebugClient();
  // Launches and replays on a machine shared with other work can take a while.
  client.defaultTimeout = 30_000;
  await client.start();
  return client;
}
