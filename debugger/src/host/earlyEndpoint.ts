import { DEBUG_GLOBAL, type DebugGlobal, type HostAnswers, type HostConfiguration, type HostMethod, type HostRequest, type HostRequestOf } from '../shared/hostProtocol';

export type Configuration = HostConfiguration;

/**
 * The host's global before the app loads and its replay state exists: it keeps what the adapter configures
 * (exception filters, function breakpoints, a pause) for the state to take over, and has nothing to describe yet.
 */
export class EarlyEndpoint implements DebugGlobal, Configuration {
  muted = false;
  breakOn: Configuration['breakOn'];
  functionBreakpoints: Configuration['functionBreakpoints'];
  pendingPause: Configuration['pendingPause'];

  logpoint(): void {}

  handle<M extends HostMethod>(request: HostRequestOf<M>): HostAnswers[M] {
    const asked = request as HostRequest;
    // Before the app loads no work runs that a Stop would have to stop.
    if (asked.method === 'describe' || asked.method === 'entityOperation' || asked.method === 'stopWork') return undefined as HostAnswers[M];
    if (asked.method !== 'configure') throw new Error(`The app has not loaded yet: the host cannot answer '${asked.method}'.`);
    configure(this, asked);
    return undefined as HostAnswers[M];
  }
}

/** Takes what a `configure` request sets, leaving what it does not name as it was. */
export function configure(target: Configuration, request: Configuration): void {
  if (request.breakOn) target.breakOn = request.breakOn;
  if (request.functionBreakpoints) target.functionBreakpoints = request.functionBreakpoints;
  if (request.pendingPause !== undefined) target.pendingPause = request.pendingPause;
}

export function installEarlyEndpoint(): EarlyEndpoint {
  const endpoint = new EarlyEndpoint();
  (globalThis as Record<string, unknown>)[DEBUG_GLOBAL] = endpoint;
  return endpoint;
}
