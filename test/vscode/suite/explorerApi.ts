import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from './waitUntil';
import { EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';

// Types only: the suite runs in the extension host beside the extension, and reaches it through its API.
import type { ExplorerApi } from '../../../client/src/explorer/registerExplorer';

export type { ExplorerApi, ShownInstance } from '../../../client/src/explorer/registerExplorer';

export async function activateExplorer(): Promise<ExplorerApi> {
  const extension = vscode.extensions.getExtension<{ explorer: ExplorerApi }>(EXTENSION_ID)!;
  return (await extension.activate()).explorer;
}

/**
 * A store of the tests' own, empty at the start, shown in the explorer while they run (a user setting, so the
 * fixture's files stay as they are), with the fixture's trips.ts open and the view in sight.
 */
export function useOwnStore(prefix: string): { dir: string; explorer(): ExplorerApi } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let explorer: ExplorerApi | undefined;
  before(async () => {
    await openWorkspaceFile('src/trips.ts');
    explorer = await activateExplorer();
    // Earlier tests' debug sessions on other stores stay in the view; these tests see their own store alone.
    for (const { location } of explorer.stores().filter((store) => store.fromSession)) await vscode.commands.executeCommand('durableTs.explorer.removeSessionStore', location);
    await showStore(dir);
    await waitUntil('the explorer reads the tests\' store', () => explorer!.storePath() === path.join(dir, 'store.db'));
    await vscode.commands.executeCommand('durableTs.instances.focus');
  });
  after(async () => {
    await showStore(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, explorer: () => explorer! };
}

/** Sets the store the explorer shows (a user setting, so the fixture's files stay as they are): a folder, a file or a URL. */
export async function showStore(store: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('durableTs').update('explorer.store', store, vscode.ConfigurationTarget.Global);
}

/** Waits for one step of a test, naming the step when it does not come (the test's own timeout would not). */
export async function step<T>(what: string, happening: PromiseLike<T>, timeoutMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(happening), stalled]);
  } finally {
    clearTimeout(timer);
  }
}
