import type { CdpClient } from '../cdp/cdpClient';

/**
 * Breakpoints in sources whose compiled files the adapter could not know ahead (outside `outFiles`), as VS Code's
 * JavaScript debugger handles them: while a source breakpoint is placed nowhere, V8 pauses before each script with a
 * source map runs, and the script goes on once its map is read and its sources' breakpoints are bound in it. So they
 * stop in its top-level code too, not only in functions that run later.
 */
export class SourceMapPause {
  private breakpointId: string | undefined;
  /** Off until the app loads (a launched host loads the runtime, whose files have maps too, before that). */
  private allowed = false;
  private readonly bindings = new Map<string, Promise<unknown>>();
  private updates: Promise<void> = Promise.resolve();

  constructor(
    private readonly cdp: CdpClient,
    /** Whether a breakpoint is placed nowhere yet: a script not known yet may be compiled from its source. */
    private readonly anyUnplaced: () => boolean,
  ) {}

  /** The map of this script is being read and its breakpoints bound: the pause before it runs waits for that. */
  binding(scriptId: string, work: Promise<unknown>): void {
    this.bindings.set(scriptId, work);
  }

  /** From now on: the app is about to load, or the process attached to runs it already. */
  allow(): Promise<void> {
    this.allowed = true;
    return this.update();
  }

  /** Turns the pause on while a breakpoint is placed nowhere, and off once none is. */
  update(): Promise<void> {
    // One change at a time, in order; a debuggee that has gone answers nothing, and needs no pause.
    this.updates = this.updates.then(() => this.apply()).catch(() => {});
    return this.updates;
  }

  /** V8 paused before a script with a source map runs: it goes on once the script's breakpoints are bound. */
  async paused(scriptId: string): Promise<void> {
    await this.bindings.get(scriptId);
    this.bindings.delete(scriptId);
    await this.update();
    await this.cdp.send('Debugger.resume').catch(() => {});
  }

  private async apply(): Promise<void> {
    const wanted = this.allowed && this.anyUnplaced();
    if (wanted && !this.breakpointId) {
      const result = await this.cdp.send<{ breakpointId: string }>('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
      this.breakpointId = result.breakpointId;
    } else if (!wanted && this.breakpointId) {
      const breakpointId = this.breakpointId;
      this.breakpointId = undefined;
      await this.cdp.send('Debugger.removeBreakpoint', { breakpointId });
    }
  }
}
