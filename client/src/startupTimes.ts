/**
 * When the steps of the extension's start-up happened, in milliseconds since its extension host's process started,
 * logged once, when the first diagnostics arrive: what a new window's wait for its first diagnostic is spent on.
 * Editor-free; the entry (./main) takes the first marks, the rest of the extension the others.
 */
export class StartupTimes {
  private readonly marks: [step: string, ms: number][] = [];
  private logged = false;

  /** Marks `step` as done now. */
  mark(step: string): void {
    if (!this.logged) this.marks.push([step, Math.round(performance.now())]);
  }

  /** The marks as one line, the first time only (later diagnostics are not part of the start-up). */
  takeLine(): string | undefined {
    if (this.logged) return undefined;
    this.logged = true;
    const steps = this.marks.map(([step, ms]) => `${step} ${ms}`).join(', ');
    return `Start-up (ms since the extension host started at ${new Date(performance.timeOrigin).toISOString()}): ${steps}`;
  }
}
