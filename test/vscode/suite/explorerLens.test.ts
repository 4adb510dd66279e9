import * as vscode from 'vscode';
import { useOwnStore } from './explorerApi';
import { serveApp, type ServedApp } from './servedApp';
import { canPressKeys, screenshot, shownTexts } from './suiteOutput';
import { waitUntil } from './waitUntil';
import { openWorkspaceFile } from './workspaceFiles';

/** Waits until the editor shows a CodeLens line (Run | Debug | counts) that includes `counts`. */
async function lensShows(counts: string): Promise<void> {
  let last: string[] = [];
  await waitUntil(`a CodeLens shows "${counts}" (it shows ${JSON.stringify(last)})`, async () => {
    last = await shownTexts('.codelens-decoration');
    return last.some((text) => text.includes(counts));
  }, 30_000).catch((error: Error) => {
    throw new Error(`${error.message}; the CodeLenses shown last: ${JSON.stringify(last)}`);
  });
}

describe('the instance explorer\'s CodeLens', function () {
  this.timeout(120_000);
  let served: ServedApp | undefined;
  // Registered first, so it runs first: serve stops before its store is removed.
  after(() => served?.stop());
  const { dir: storeDir } = useOwnStore('durable-ts-explorer-lens-e2e-');

  before(async function () {
    if (!canPressKeys()) this.skip(); // reading what the editor shows needs the code-server launcher
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openWorkspaceFile('src/trips.ts');
  });

  it('follows the instances as they start, finish and fail, as the editor shows it', async () => {
    await lensShows('0 running · 0 failed');
    served = await serveApp('src/trips.ts', storeDir);
    const first = await served.start('ApproveTrip', 'Oslo');
    await served.start('ApproveTrip', 'Rome');
    await lensShows('2 running · 0 failed');
    await served.raise(first, 'Approval', true);
    await lensShows('1 running · 0 failed');
    // BookTrips over a number fails at once.
    await served.start('BookTrips', 42);
    await lensShows('0 running · 1 failed');
    await screenshot('explorer-codelens-counts');
  });
});
