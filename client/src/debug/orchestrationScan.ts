/**
 * Finding the orchestrations an app registers, by reading its source (no loading, no running): what the debugger
 * offers to run when F5 is pressed with no launch configuration. Editor-free.
 */
import type { InputSample } from './inputSample';

export interface FoundOrchestration {
  name: string;
  /** Absolute path of the file that registers it: the `program` to launch. */
  file: string;
  /** Where in the source its registration (`.orchestration(`) starts: where its CodeLens goes. */
  offset: number;
}

const registration = /\.orchestration\s*(?:<[^>]*>)?\s*\(\s*(['"`])([^'"`\n]+)\1/g;

export function findOrchestrations(file: string, source: string): FoundOrchestration[] {
  return [...source.matchAll(registration)].map((match) => ({ name: match[2], file, offset: match.index + 1 }));
}

/** A launch configuration that runs one found orchestration, with `input` when the orchestrator takes one. */
export function launchConfigurationFor(found: FoundOrchestration, programInWorkspace: string, input: InputSample) {
  return {
    type: 'durable',
    request: 'launch',
    name: `Debug ${found.name}`,
    program: programInWorkspace,
    orchestration: found.name,
    ...(input.takesInput ? { input: input.value } : {}),
  };
}
