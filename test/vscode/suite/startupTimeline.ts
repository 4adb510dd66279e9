/**
 * A new window's start-up as its logs tell it: the lines the extension and its language server log with their first
 * diagnostics (`Start-up (ms since the extension host started at <ISO date>): extension entry 812, …`), and the
 * extension host's line saying which event activated the extension. Editor-free.
 */

/** The log lines to ask the launcher for (regular expressions' sources): the launcher waits for one of each. */
export const STARTUP_LOG_PATTERNS = ['Start-up \\(ms since the extension host', 'Start-up \\(ms since the server process', '_doActivateExtension durable-ts\\.'];

export interface StartupStep {
  step: string;
  /** Milliseconds since the window was opened. */
  ms: number;
}

/**
 * The steps the lines mark, each process's start among them, in milliseconds since `openedAt` (an ISO date), in
 * the order they happened.
 */
export function startupSteps(lines: readonly string[], openedAt: string): StartupStep[] {
  const opened = Date.parse(openedAt);
  const steps: StartupStep[] = [];
  for (const line of lines) {
    const match = /Start-up \(ms since the (.+?) started at (\S+)\): (.*)$/.exec(line);
    if (!match) continue;
    const [, process, startedAt, marks] = match;
    const started = Date.parse(startedAt);
    steps.push({ step: `${process} started`, ms: started - opened });
    for (const mark of marks.split(', ')) {
      const step = /^(.+) (\d+)$/.exec(mark);
      if (step) steps.push({ step: step[1], ms: started + Number(step[2]) - opened });
    }
  }
  return steps.sort((a, b) => a.ms - b.ms);
}

/** The event that activated the extension (`onLanguage:typescript`), as the extension host logged it. */
export function activationEvent(lines: readonly string[]): string | undefined {
  return lines.map((line) => /_doActivateExtension durable-ts\.\S+ .*activationEvent: '([^']+)'/.exec(line)?.[1]).find(Boolean);
}
