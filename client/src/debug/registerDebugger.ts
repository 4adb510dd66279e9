import * as vscode from 'vscode';
import { DurableConfigurationProvider } from './configurationProvider';
import { nodeExecutable } from './nodeExecutable';
import { warmUpLaunchConfiguration } from './warmUp';
import { mark } from '../../../debugger/src/shared/timeline';

export const DEBUG_TYPE = 'durable';

type Adapter = typeof import('../../../debugger/src/inline');

/** The setting that turns off the debug host kept started for the next launch (one idle Node, ~60 MB). */
const KEEP_HOST_STARTED = 'debug.keepHostStarted';

function keepHostStarted(): boolean {
  return vscode.workspace.getConfiguration('durableTs').get<boolean>(KEEP_HOST_STARTED, true);
}

/** What the extension's API tells of the debugger. */
export interface DebuggerApi {
  /**
   * Resolves once the host kept for the next launch has loaded (false when none is kept): a launch that comes after
   * takes it. The window keeps one from a second after it opens, and after each session.
   */
  whenHostKept(): Promise<boolean>;
}

/** Registers the `durable` debugger: how to start its adapter, and its launch configurations. */
export function registerDebugger(context: vscode.ExtensionContext): DebuggerApi {
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
        mark('extension: adapter asked for');
        const loaded = loadAdapter();
        return new vscode.DebugAdapterInlineImplementation(new loaded.adapter.DurableDebugSession(nodeExecutable(), loaded.warmHosts));
      },
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    // The Run view's list only: VS Code resolves a launch with every provider registered for its type, whatever the
    // trigger it was registered for, and the launch is resolved once.
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder) }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    // Turned off: the kept host ends now, and the sessions running keep none when they end (theirs is disposed).
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`durableTs.${KEEP_HOST_STARTED}`) || keepHostStarted()) return;
      warmHosts?.dispose();
      warmHosts = undefined;
    }),
    { dispose: () => warmHosts?.dispose() },
  );
  const warmedUp = warmUpLaunchConfiguration(context, (configuration) => {
    if (keepHostStarted()) loadAdapter().warmHosts?.prepareFor(configuration, nodeExecutable());
  });
  return { whenHostKept: async () => (await warmedUp, warmHosts ? warmHosts.whenLoaded() : false) };
}
