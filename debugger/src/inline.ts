/**
 * The debug adapter as a module, for an editor that runs it in its own process (VS Code's inline debug adapters):
 * no adapter process to start before a launch can begin. `main.ts` runs the same session over stdio.
 */
export { DurableDebugSession } from './session/durableDebugSession';
export type { NodeCommand } from './runtime/replayDebugRuntime';
export { WarmHosts } from './runtime/warmHosts';
