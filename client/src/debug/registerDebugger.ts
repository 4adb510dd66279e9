import * as vscode from 'vscode';
import { DurableConfigurationProvider } from './configurationProvider';
import { nodeExecutable } from './nodeExecutable';

export const DEBUG_TYPE = 'durable';

/** Registers the `durable` debugger: how to start its adapter, and its launch configurations. */
export function registerDebugger(context: vscode.ExtensionContext): void {
  const provider = new DurableConfigurationProvider(context.extensionPath);
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      // In the extension host: no adapter process to start before the launch begins. Loaded at the first session.
      createDebugAdapterDescriptor() {
        const adapter = require(context.asAbsolutePath('debugger/dist/inline.js')) as typeof import('../../../debugger/src/inline');
        return new vscode.DebugAdapterInlineImplementation(new adapter.DurableDebugSession(nodeExecutable()));
      },
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
