import { DebugSession, ExitedEvent, Response, InitializedEvent, OutputEvent, StoppedEvent, TerminatedEvent, ThreadEvent, BreakpointEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { ReplayDebugRuntime, type NodeCommand } from '../runtime/replayDebugRuntime';
import type { WarmHosts } from '../runtime/warmHosts';
import { exceptionFilters, type AttachArguments, type LaunchArguments } from './launchArguments';
import { completions } from './completions';
import { unsupportedRequests } from './unsupportedRequests';
import { VariableTree } from './variables';

/** Ids of the frames of waiting instances' threads, far above the index of any frame of a stop. */
const WAITING_FRAME_ID_BASE = 1_000_000;

/**
 * Translates the Debug Adapter Protocol to the replay debug runtime and back; the debugging itself lives in the
 * runtime.
 */
export class DurableDebugSession extends DebugSession {
  private readonly runtime: ReplayDebugRuntime;
  private readonly variables: VariableTree;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));

  /**
   * `node`: what runs the app when the launch names no `runtimeExecutable` (this process's Node by default);
   * `warmHosts`: the hosts an adapter that outlives its sessions keeps started for the next launch.
   */
  constructor(node?: NodeCommand, warmHosts?: WarmHosts) {
    super();
    this.runtime = new ReplayDebugRuntime(node, warmHosts);
    this.variables = new VariableTree(this.runtime);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.runtime.on('stopped', (stop) => {
      this.variables.reset();
      const event = new StoppedEvent(stop.reason, stop.threadId, stop.text) as DebugProtocol.StoppedEvent;
      event.body.description = stop.description;
      event.body.allThreadsStopped = true;
      this.sendEvent(event);
    });
    this.runtime.on('output', (category, text) => this.sendEvent(new OutputEvent(text, category)));
    // DAP has no event for a renamed thread; VS Code reads the thread list again on a `started` one.
    this.runtime.on('thread', (reason, thread) => this.sendEvent(new ThreadEvent(reason === 'changed' ? 'started' : reason, thread.id)));
    this.runtime.on('breakpoint', (update) => this.sendEvent(new BreakpointEvent('changed', { id: update.id, verified: update.verified, line: update.line, message: update.message } as DebugProtocol.Breakpoint)));
    this.runtime.on('exited', (code) => {
      this.sendEvent(new ExitedEvent(code));
      this.sendEvent(new TerminatedEvent());
    });
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.'],
      supportsLoadedSourcesRequest: true,
      supportsFunctionBreakpoints: true,
      exceptionBreakpointFilters: exceptionFilters,
    };
    this.sendResponse(response);
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    await this.respond(response, async () => {
      await this.runtime.launch(args);
      this.sendEvent(new InitializedEvent());
      await this.configured;
      await this.runtime.run();
    });
  }

  /** A running `durable-ts serve --debug`: the same session, on the turns and activities it runs. */
  protected async attachRequest(response: DebugProtocol.AttachResponse, args: AttachArguments): Promise<void> {
    await this.respond(response, async () => {
      await this.runtime.attach(args);
      this.sendEvent(new InitializedEvent());
      await this.configured;
    });
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.respond(response, async () => {
      const file = args.source.path;
      if (!file) throw new Error('Breakpoints need a source file with a path.');
      response.body = { breakpoints: await this.runtime.setBreakpoints(path.resolve(file), args.breakpoints ?? []) };
    });
  }

  /** On durable names: `Charge` (the activity runs, the orchestration starts), `Charge scheduled`. */
  protected async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    await this.respond(response, async () => {
      response.body = { breakpoints: await this.runtime.setFunctionBreakpoints(args.breakpoints.map((breakpoint) => breakpoint.name)) };
    });
  }

  protected async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    await this.respond(response, () => this.runtime.setExceptionFilters(args.filters));
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.runtime.threadList() };
    this.sendResponse(response);
  }

  protected async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    const frames = this.runtime.frames(args.threadId);
    if (!frames.length) {
      const waiting = await this.runtime.waitingFrame(args.threadId).catch(() => undefined);
      if (waiting) {
        const source = waiting.path ? { name: path.basename(waiting.path), path: waiting.path } : undefined;
        // An id no frame of the stop has: it has no scopes (a suspended function has no locals to read).
        const frame = { id: WAITING_FRAME_ID_BASE + args.threadId, name: waiting.name, source, line: waiting.line ?? 0, column: waiting.column ?? 0 };
        response.body = { totalFrames: 1, stackFrames: [frame] };
        return this.sendResponse(response);
      }
    }
    const start = args.startFrame ?? 0;
    const page = frames.slice(start, args.levels ? start + args.levels : undefined);
    response.body = {
      totalFrames: frames.length,
      stackFrames: page.map(({ index, frame, path: file, shown }) => ({
        id: index,
        name: frame.functionName || '(anonymous)',
        source: file ? { name: path.basename(file), path: file } : undefined,
        line: shown.lineNumber + 1,
        column: shown.columnNumber + 1,
      })),
    };
    this.sendResponse(response);
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    response.body = { scopes: this.variables.scopes(args.frameId) };
    this.sendResponse(response);
  }

  protected async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.respond(response, async () => {
      response.body = { variables: await this.variables.variables(args.variablesReference) };
    });
  }

  protected async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.respond(response, async () => {
      const variable = this.variables.remoteVariable('result', await this.runtime.evaluate(args.expression, args.frameId));
      response.body = { result: variable.value, type: variable.type, variablesReference: variable.variablesReference };
    });
  }

  protected async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.respond(response, async () => {
      const variable = await this.variables.setVariable(args.variablesReference, args.name, args.value, undefined);
      response.body = { value: variable.value, type: variable.type, variablesReference: variable.variablesReference };
    });
  }

  /** `expression = value`, evaluated in the frame: for a watch or a hover the Variables view cannot reach. */
  protected async setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): Promise<void> {
    await this.respond(response, async () => {
      const variable = this.variables.remoteVariable('result', await this.runtime.evaluate(`${args.expression} = (${args.value})`, args.frameId));
      response.body = { value: variable.value, type: variable.type, variablesReference: variable.variablesReference };
    });
  }

  protected async completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): Promise<void> {
    await this.respond(response, async () => {
      response.body = { targets: await completions(this.runtime, args.text, args.column, args.frameId) };
    });
  }

  protected loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    response.body = { sources: this.runtime.loadedSources().map((file) => ({ name: path.basename(file), path: file })) };
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const exception = this.runtime.exception;
    response.body = {
      exceptionId: exception?.id ?? 'none',
      description: exception?.description,
      breakMode: 'always',
      details: exception ? { message: exception.details ?? exception.description, stackTrace: exception.details } : undefined,
    };
    this.sendResponse(response);
  }

  protected async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    response.body = { allThreadsContinued: true };
    await this.respond(response, () => this.runtime.continue());
  }

  protected async nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    await this.respond(response, () => this.runtime.next());
  }

  protected async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    await this.respond(response, () => this.runtime.stepIn());
  }

  protected async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    await this.respond(response, () => this.runtime.stepOut());
  }

  protected async stepBackRequest(response: DebugProtocol.StepBackResponse): Promise<void> {
    await this.respond(response, () => this.runtime.stepBack());
  }

  protected async reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): Promise<void> {
    await this.respond(response, () => this.runtime.reverseContinue());
  }

  protected async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.respond(response, () => this.runtime.pause());
  }

  /** Stop: the host makes what it recorded durable before it exits (the `exited` and `terminated` events follow). */
  protected async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.respond(response, () => this.runtime.terminate());
  }

  protected async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.respond(response, () => this.runtime.terminate());
  }

  /** Restart: Stop, then the same launch again (VS Code passes its latest configuration), breakpoints kept. */
  protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    await this.respond(response, () => this.runtime.restart(args.arguments as LaunchArguments | undefined));
  }

  /** The requests of the extension's commands: the instances the session runs, and raising an event on one. */
  protected async customRequest(command: string, response: DebugProtocol.Response, args: any): Promise<void> {
    await this.respond(response, async () => {
      if (command === 'durableInstances') {
        response.body = { instances: this.runtime.instances(), store: this.runtime.store };
      } else if (command === 'raiseEvent') {
        const { instanceId, eventName, data } = (args ?? {}) as { instanceId?: unknown; eventName?: unknown; data?: unknown };
        if (typeof instanceId !== 'string' || typeof eventName !== 'string' || !eventName) throw new Error('raiseEvent needs "instanceId" and "eventName" (strings), and may take "data" (any JSON value).');
        await this.runtime.raiseEvent(instanceId, eventName, data);
      } else {
        throw new Error(`The Durable TS debugger has no request '${command}'.`);
      }
    });
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    const unsupported = unsupportedRequests[request.command];
    if (unsupported === undefined) return super.dispatchRequest(request);
    this.sendErrorResponse(new Response(request), { id: 1002, format: unsupported, showUser: true });
  }

  /** Runs a request's work and answers it, with the error's message when it fails. */
  private async respond(response: DebugProtocol.Response, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1001, format: error instanceof Error ? error.message : String(error), showUser: true });
    }
  }
}
