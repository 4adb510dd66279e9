/** The event names a source file's orchestrations wait for (`ctx.waitForEvent('Approval')`): what Raise Event offers first. Editor-free. */
const waitForEvent = /\.waitForEvent\s*(?:<[^>]*>)?\s*\(\s*(['"`])([^'"`\n]+)\1/g;

export function awaitedEventNames(source: string): string[] {
  return [...new Set([...source.matchAll(waitForEvent)].map((match) => match[2]))];
}
