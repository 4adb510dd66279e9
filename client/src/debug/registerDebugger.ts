import * as vscode from 'vscode';
import { DurableConfigurationProvider } from './configurationProvider';
import { nodeExecutable } from './nodeExecutable';

export const DEBUG_TYPE = 'durable';

/** Registers the `durable` debugger: how to start its adapter, and its launch configurations. */
export function registerDebugger(context: vscode.ExtensionContext): void {
  const provider = new DurableConfigurationProvider(context.extensionPath);
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor() {
        const node = nodeExecutable();
        return new vscode.DebugAdapterExecutable(node.command, [context.asAbsolutePath('debugger/dist/main.js')], { env: node.env });
      },
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
