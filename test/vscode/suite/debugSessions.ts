import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';

/**
 * Records what a debug adapter of `debugType` tells VS Code (events and responses), as VS Code itself receives
 * them, and lets a test wait for a particular message.
 */
export class DebugAdapterRecorder implements vscode.Disposable {
  readonly messages: DebugProtocol.ProtocolMessage[] = [];
  /** What VS Code asked the adapter, for the message of a test that times out. */
  readonly requests: DebugProtocol.Request[] = [];
  private readonly waiters: Array<{ matches: (m: DebugProtocol.ProtocolMessage) => boolean; resolve: (m: DebugProtocol.ProtocolMessage) => void }> = [];
  private readonly registration: vscode.Disposable;

  constructor(debugType: string) {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => this.record(message),
        onWillReceiveMessage: (message: DebugProtocol.ProtocolMessage) => this.requests.push(message as DebugProtocol.Request),
      }),
    });
  }

  /** Resolves with the first message from now on, or already recorded after `since`, that `matches`. */
  waitFor<T extends DebugProtocol.ProtocolMessage>(
    description: string,
    matches: (message: DebugProtocol.ProtocolMessage) => boolean,
    { since = 0, timeoutMs = 30_000 } = {},
  ): Promise<T> {
    const seen = this.messages.slice(since).find(matches);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const events = this.messages.filter(isEvent).map((m) => m.event);
        const requests = this.requests.slice(-12).map((request) => request.command);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}; events so far: ${JSON.stringify(events)}; the last requests: ${JSON.stringify(requests)}`));
      }, timeoutMs);
      this.waiters.push({ matches, resolve: (message) => { clearTimeout(timer); resolve(message as T); } });
    });
  }

  outputText(): string {
    return this.messages.filter(isEvent).filter((m) => m.event === 'output')
      .map((m) => (m as DebugProtocol.OutputEvent).body.output).join('');
  }

  failedResponses(): DebugProtocol.Response[] {
    return this.messages.filter((m): m is DebugProtocol.Response => m.type === 'response' && !(m as DebugProtocol.Response).success);
  }

  dispose(): void {
    this.registration.dispose();
  }

  private record(message: DebugProtocol.ProtocolMessage): void {
    this.messages.push(message);
    for (const waiter of this.waiters.filter((w) => w.matches(message))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }
}

export function isEvent(message: DebugProtocol.ProtocolMessage): message is DebugProtocol.Event {
  return message.type === 'event';
}

export function isEventNamed(name: string): (message: DebugProtocol.ProtocolMessage) => boolean {
  return (message) => isEvent(message) && message.event === name;
}
