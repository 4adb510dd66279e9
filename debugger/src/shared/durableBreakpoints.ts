/**
 * Function breakpoints on durable names, as the user types them in the Breakpoints view: `Charge` stops where
 * activity Charge runs (its first line) or where orchestration Charge starts; `Charge scheduled` stops at the
 * orchestrator line that schedules activity or sub-orchestration Charge. Replays re-run neither, so they do not stop.
 */
export interface DurableBreakpoints {
  /** Activities (their first line when they run) and orchestrations (their first line when an instance starts). */
  runs: string[];
  /** Activities and sub-orchestrations, where an orchestrator schedules them. */
  schedules: string[];
}

export interface ParsedDurableBreakpoint {
  name: string;
  scheduled: boolean;
}

const SCHEDULED_SUFFIX = /\s+scheduled$/i;

/** `Charge` or `Charge scheduled`; undefined for text that names nothing. */
export function parseDurableBreakpoint(text: string): ParsedDurableBreakpoint | undefined {
  const trimmed = text.trim();
  const scheduled = SCHEDULED_SUFFIX.test(trimmed);
  const name = trimmed.replace(SCHEDULED_SUFFIX, '').trim();
  return name ? { name, scheduled } : undefined;
}

export function durableBreakpointsOf(parsed: readonly ParsedDurableBreakpoint[]): DurableBreakpoints {
  return {
    runs: parsed.filter((breakpoint) => !breakpoint.scheduled).map((breakpoint) => breakpoint.name),
    schedules: parsed.filter((breakpoint) => breakpoint.scheduled).map((breakpoint) => breakpoint.name),
  };
}
