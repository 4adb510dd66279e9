/**
 * DAP requests this debugger does not do, with what a user can do instead. The base session would answer them
 * with success and do nothing, which reads as "it worked".
 */
export const unsupportedRequests: Readonly<Record<string, string>> = {
  restartFrame: 'Restart Frame is not supported: an orchestrator frame is rebuilt from history, so step back (or reverse continue) to an earlier point instead.',
  dataBreakpointInfo: 'Data breakpoints are not supported: use a conditional breakpoint, or a function breakpoint on an activity or orchestration name.',
  setDataBreakpoints: 'Data breakpoints are not supported: use a conditional breakpoint, or a function breakpoint on an activity or orchestration name.',
  setInstructionBreakpoints: 'Instruction breakpoints are not supported: set a breakpoint on a source line.',
  goto: '"Jump to cursor" is not supported: an orchestration must take its durable steps in order.',
  gotoTargets: '"Jump to cursor" is not supported: an orchestration must take its durable steps in order.',
  stepInTargets: '"Step into target" is not supported: step into enters the durable call of the line (an activity, a sub-orchestration).',
  readMemory: 'Reading memory is not supported.',
  writeMemory: 'Writing memory is not supported.',
  disassemble: 'Disassembly is not supported.',
  modules: 'The module list is not supported: see Loaded Scripts.',
};
