import * as vscode from 'vscode';
import { DurableConfigurationProvider } from './configurationProvider';
import { nodeExecutable } from './nodeExecutable';
import { warmUpLaunchConfiguration } from './warmUp';

export const DEBUG_TYPE = 'durable';

type Adapter = typeof import('../../../debugger/src/inline');

/** Registers the `durable` debugger: how to start its adapter, and its launch configurations. */
export function registerDebugger(context: vscode.ExtensionContext): void {
  const provider = new DurableConfigurationProvider(context.extensionPath);
  // Loaded at the first session, or when a host is started ahead of it.
  let adapter: Adapter | undefined;
  let warmHosts: InstanceType<Adapter['WarmHosts']> | undefined;
  const loadAdapter = () => {
    adapter ??= require(context.asAbsolutePath('debugger/dist/inline.js')) as Adapter;
    warmHosts ??= new adapter.WarmHosts();
    return { adapter, warmHosts };
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      // In the extension host: no adapter process to start before the launch begins; each session keeps a host
      // started for the next launch (it ends with the window).
      createDebugAdapterDescriptor() {
        const loaded = loadAdapter();
        return new vscode.DebugAdapterInlineImplementation(new loaded.adapter.DurableDebugSession(nodeExecutable(), loaded.warmHosts));
      },
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    { dispose: () => warmHosts?.dispose() },
  );
  warmUpLaunchConfiguration(context, (configuration) => loadAdapter().warmHosts.prepareFor(configuration, nodeExecutable()));
}
