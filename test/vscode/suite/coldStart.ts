/**
 * When the window's first orchestrator file was opened (the activation test opens it, before the extension and
 * its language server are started): the start of the cold first diagnostic the lint test reports.
 */
let firstOpened: number | undefined;
let activated: number | undefined;

export function markFirstFileOpened(): void {
  firstOpened ??= performance.now();
}

/** The extension's activation ended (its language client has started the server). */
export function markActivated(): void {
  activated ??= performance.now();
}

/**
 * Seconds since the extension's activation ended: what the language server itself takes to the first
 * diagnostic, apart from the time VS Code takes to start the extension host's extensions.
 */
export function secondsSinceActivated(): number | undefined {
  return activated === undefined ? undefined : (performance.now() - activated) / 1000;
}

/** Seconds since the first orchestrator file was opened, or undefined when no test marked it. */
export function secondsSinceFirstFileOpened(): number | undefined {
  return firstOpened === undefined ? undefined : (performance.now() - firstOpened) / 1000;
}
