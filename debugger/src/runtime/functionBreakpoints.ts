import { durableBreakpointsOf, parseDurableBreakpoint, type DurableBreakpoints, type ParsedDurableBreakpoint } from '../shared/durableBreakpoints';
import type { BreakpointUpdate } from './breakpoints';

export interface FunctionBreakpointAnswer {
  id?: number;
  verified: boolean;
  message?: string;
}

interface Entry {
  id: number;
  text: string;
  parsed: ParsedDurableBreakpoint | undefined;
}

/**
 * The function breakpoints of the Breakpoints view, on durable names. They are checked against the names the app
 * registers once it has loaded (they are set before it loads): until then they are unverified, then each is
 * verified or says why not.
 */
export class FunctionBreakpoints {
  private nextId = 1;
  private entries: Entry[] = [];
  private app: { orchestrations: string[]; activities: string[] } | undefined;

  constructor(private readonly changed: (update: BreakpointUpdate) => void) {}

  set(texts: string[]): FunctionBreakpointAnswer[] {
    this.entries = texts.map((text) => ({ id: this.nextId++, text, parsed: parseDurableBreakpoint(text) }));
    return this.entries.map((entry) => this.answer(entry));
  }

  /** What the host stops on. */
  forHost(): DurableBreakpoints {
    return durableBreakpointsOf(this.entries.flatMap((entry) => (entry.parsed && this.problem(entry.parsed) === undefined ? [entry.parsed] : [])));
  }

  appLoaded(app: { orchestrations: string[]; activities: string[] }): void {
    this.app = app;
    for (const entry of this.entries) this.changed(this.answer(entry));
  }

  private answer(entry: Entry): FunctionBreakpointAnswer & { id: number } {
    if (!entry.parsed) return { id: entry.id, verified: false, message: 'Name an activity or an orchestration: `Charge` stops where it runs (or starts), `Charge scheduled` where an orchestrator schedules it.' };
    if (!this.app) return { id: entry.id, verified: false, message: 'Checked against the app\'s activities and orchestrations once it has loaded.' };
    const problem = this.problem(entry.parsed);
    return problem ? { id: entry.id, verified: false, message: problem } : { id: entry.id, verified: true, message: describe(entry.parsed, this.app) };
  }

  /** Why the app cannot stop there; undefined when it can (or when the app has not loaded yet). */
  private problem({ name }: ParsedDurableBreakpoint): string | undefined {
    const app = this.app;
    if (!app || app.activities.includes(name) || app.orchestrations.includes(name)) return undefined;
    return `The app registers no activity or orchestration '${name}'. Activities: ${app.activities.join(', ') || 'none'}; orchestrations: ${app.orchestrations.join(', ') || 'none'}.`;
  }
}

function describe({ name, scheduled }: ParsedDurableBreakpoint, app: { activities: string[] }): string {
  const kind = app.activities.includes(name) ? 'activity' : 'orchestration';
  if (scheduled) return `Stops where an orchestrator schedules ${kind} '${name}'.`;
  return kind === 'activity' ? `Stops where activity '${name}' runs.` : `Stops where an instance of orchestration '${name}' starts.`;
}
