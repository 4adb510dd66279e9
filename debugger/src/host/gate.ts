/** Holds the real run still (every event application, every activity start) while the user looks at the past. */
export class Gate {
  private opened: Promise<void> | undefined;
  private open: (() => void) | undefined;

  get isClosed(): boolean {
    return this.opened !== undefined;
  }

  close(): void {
    if (this.opened) return;
    this.opened = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    const open = this.open;
    this.opened = this.open = undefined;
    open?.();
  }

  /** Resolves at once when open, else when released. */
  pass(): Promise<void> | undefined {
    return this.opened;
  }
}
