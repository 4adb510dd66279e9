/** Launcher messages go to stderr with a prefix, so they stand apart from the suite's own Mocha output. */
export function log(message) {
  process.stderr.write(`[vscode-e2e] ${message}\n`);
}
