import * as vscode from 'vscode';
import { EXTENSION_ID } from './workspaceFiles';

/** An instance the explorer shows, with the location of the store it is listed from. */
export interface ShownInstance {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  store: string;
}

/** The extension's explorer API, as activate() returns it (see client/src/explorer/registerExplorer.ts). */
export interface ExplorerApi {
  storePath(): string;
  stores(): { location: string; label: string; fromSession: boolean }[];
  instances(): ShownInstance[];
  whenInstances(matches: (instances: ShownInstance[]) => boolean): Promise<void>;
  view(): { description?: string; message?: string };
  renderedHistory(instanceId: string): { rows: number; spans: number; firstTypes: string[]; selected?: number } | undefined;
  selectHistoryRow(instanceId: string, row: number): Promise<void>;
  lensTitles(document: vscode.TextDocument): Promise<string[]>;
}

export async function activateExplorer(): Promise<ExplorerApi> {
  const extension = vscode.extensions.getExtension<{ explorer: ExplorerApi }>(EXTENSION_ID)!;
  return (await extension.activate()).explorer;
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
