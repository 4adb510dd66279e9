import type { CdpClient } from '../cdp/cdpClient';
import type { PausedEvent } from './cdpTypes';

/**
 * Breakpoints in sources whose compiled files the adapter could not know ahead (outside `outFiles`), as VS Code's
 * JavaScript debugger handles them: while a source breakpoint is placed nowhere, each script of the app's that could
 * be compiled from its source is held before it runs, and goes on once its map is read and its sources' breakpoints
 * are bound in it. So they stop in its top-level code too, not only in functions that run later.
 *
 * V8's instrumentation pause before a script with a source map runs holds only what V8 runs as a script (ES
 * modules): Node compiles a CommonJS module as a function, which that pause never sees, so such a module would run
 * while its breakpoints are still being bound. A breakpoint at the first line of every JavaScript file of user code
 * holds those.
 */
export class SourceMapPause {
  private instrumentationId: string | undefined;
  private entryId: string | undefined;
  /** Off until the app loads (a launched host loads the runtime, whose files have maps too, before that). */
  private allowed = false;
  private readonly bindings = new Map<string, Promise<unknown>>();
  private updates: Promise<void> = Promise.resolve();

  constructor(
    private readonly cdp: CdpClient,
    /** Whether a breakpoint is placed nowhere yet: a script not known yet may be compiled from its source. */
    private readonly anyUnplaced: () => boolean,
    /** The URLs of the JavaScript files of user code (neither Node's, nor dependencies, nor the runtime's). */
    private readonly userJavaScriptUrlRegex: string,
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

  /** The script this pause holds before it runs, if it is one of this hold's pauses (and no breakpoint of the user's). */
  heldScript(event: PausedEvent): string | undefined {
    if (event.reason === 'instrumentation') return (event.data as unknown as { scriptId: string }).scriptId;
    const hit = event.hitBreakpoints ?? [];
    if (this.entryId === undefined || hit.length === 0 || hit.some((id) => id !== this.entryId)) return undefined;
    return event.callFrames[0]?.location.scriptId;
  }

  /** The app paused before a script runs: it goes on once the script's breakpoints are bound. */
  async paused(scriptId: string): Promise<void> {
    await this.bindings.get(scriptId);
    this.bindings.delete(scriptId);
    await this.update();
    await this.cdp.send('Debugger.resume').catch(() => {});
  }

  private async apply(): Promise<void> {
    const wanted = this.allowed && this.anyUnplaced();
    if (wanted && !this.instrumentationId) {
      const [instrumentation, entry] = await Promise.all([
        this.cdp.send<{ breakpointId: string }>('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' }),
        this.cdp.send<{ breakpointId: string }>('Debugger.setBreakpointByUrl', { urlRegex: this.userJavaScriptUrlRegex, lineNumber: 0, columnNumber: 0 }),
      ]);
      this.instrumentationId = instrumentation.breakpointId;
      this.entryId = entry.breakpointId;
    } else if (!wanted && this.instrumentationId) {
      const ids = [this.instrumentationId, this.entryId];
      this.instrumentationId = undefined;
      this.entryId = undefined;
      await Promise.all(ids.map((breakpointId) => this.cdp.send('Debugger.removeBreakpoint', { breakpointId })));
    }
  }
}
