/**
 * When the window's first orchestrator file was opened (the activation test opens it): the start of the cold first
 * diagnostic the lint test reports.
 */
let firstOpened: number | undefined;

export function markFirstFileOpened(): void {
  firstOpened ??= performance.now();
}

/** Seconds since the first orchestrator file was opened, or undefined when no test marked it. */
export function secondsSinceFirstFileOpened(): number | undefined {
  return firstOpened === undefined ? undefined : (performance.now() - firstOpened) / 1000;
}
