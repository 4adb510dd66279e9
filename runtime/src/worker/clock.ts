/** The runtime's notion of now. With time skipping it can jump ahead to the next durable timer. */
export class Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Move the clock forward to `time` (never backward). */
  skipTo(time: number): void {
    const ahead = time - this.now();
    if (ahead > 0) this.offset += ahead;
  }
}
