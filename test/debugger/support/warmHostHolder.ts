/**
 * Stands for the editor's process in a test: an adapter keeping a debug host started for the app named on the
 * command line. Prints the host's process id once it has loaded, then waits to be killed.
 */
import { InlineAdapter } from './inlineAdapter';

async function main(program: string): Promise<void> {
  const adapter = await InlineAdapter.start();
  adapter.warmHosts.prepareFor({ program, env: {} }, undefined);
  if (!(await adapter.warmHosts.whenLoaded())) throw new Error('the kept host ended before it loaded');
  console.log(adapter.warmHosts.waitingPid);
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
