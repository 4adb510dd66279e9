import * as vscode from 'vscode';
import { DurableConfigurationProvider } from './configurationProvider';
import { nodeExecutable } from './nodeExecutable';
import { warmUpLaunchConfiguration } from './warmUp';

export const DEBUG_TYPE = 'durable';

type Adapter = typeof import('../../../debugger/src/inline');

/** The setting that turns off the debug host kept started for the next launch (one idle Node, ~60 MB). */
const KEEP_HOST_STARTED = 'debug.keepHostStarted';

function keepHostStarted(): boolean {
  return vscode.workspace.getConfiguration('durableTs').get<boolean>(KEEP_HOST_STARTED, true);
}

/** Registers the `durable` debugger: how to start its adapter, and its launch configurations. */
export function registerDebugger(context: vscode.ExtensionContext): void {
  const provider = new DurableConfigurationProvider(context.extensionPath);
  // Loaded at the first session, or when a host is started ahead of it.
  let adapter: Adapter | undefined;
  let warmHosts: InstanceType<Adapter['WarmHosts']> | undefined;
  const loadAdapter = () => {
    adapter ??= require(context.asAbsolutePath('debugger/dist/inline.js')) as Adapter;
    if (keepHostStarted()) warmHosts ??= new adapter.WarmHosts();
    return { adapter, warmHosts };
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      // In the extension host: no adapter process to start before the launch begins; each session keeps a host
      // started for the next launch (it ends with the window), unless the setting says not to.
      createDebugAdapterDescriptor() {
        const loaded = loadAdapter();
        return new vscode.DebugAdapterInlineImplementation(new loaded.adapter.DurableDebugSession(nodeExecutable(), loaded.warmHosts));
      },
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    // Turned off: the kept host ends now, and the sessions running keep none when they end (theirs is disposed).
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`durableTs.${KEEP_HOST_STARTED}`) || keepHostStarted()) return;
      warmHosts?.dispose();
      warmHosts = undefined;
    }),
    { dispose: () => warmHosts?.dispose() },
  );
  warmUpLaunchConfiguration(context, (configuration) => {
    if (keepHostStarted()) loadAdapter().warmHosts?.prepareFor(configuration, nodeExecutable());
  });
}
