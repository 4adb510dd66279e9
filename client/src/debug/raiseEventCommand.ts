import * as vscode from 'vscode';
import { DEBUG_TYPE } from './registerDebugger';
import { jsonProblem } from '../jsonInput';

export const RAISE_EVENT_COMMAND = 'durableTs.raiseEvent';

/** An instance of the debug session, as the adapter lists it. */
interface SessionInstance {
  instanceId: string;
  name: string;
  waitingFor: string[];
}

/** "Durable TS: Raise Event…": asks for the instance, the event's name and its JSON data, and raises it into the session. */
export function registerRaiseEventCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(RAISE_EVENT_COMMAND, raiseEvent));
}

async function raiseEvent(): Promise<void> {
  const session = durableSession();
  if (!session) {
    void vscode.window.showErrorMessage('Durable TS: Raise Event needs a running Durable TS debug session. Start one (F5), then raise the events its orchestrations wait for.');
    return;
  }
  const { instances } = (await session.customRequest('durableInstances')) as { instances: SessionInstance[] };
  if (instances.length === 0) {
    void vscode.window.showErrorMessage('Durable TS: the debug session runs no orchestration instance yet.');
    return;
  }
  const instance = instances.length === 1 ? instances[0] : await pickInstance(instances);
  if (!instance) return;
  const eventName = await vscode.window.showInputBox({
    title: `Raise Event on ${instance.name} ${instance.instanceId}`,
    prompt: instance.waitingFor.length ? `It waits for ${instance.waitingFor.map((name) => `'${name}'`).join(', ')}.` : 'The event name the orchestration waits for (ctx.waitForEvent).',
    value: instance.waitingFor[0] ?? '',
    validateInput: (value) => (value.trim() ? undefined : 'An event needs a name.'),
  });
  if (eventName === undefined) return;
  const dataText = await vscode.window.showInputBox({
    title: `Raise '${eventName}' on ${instance.instanceId}: its data`,
    prompt: 'Any JSON value (true, 42, "text", {"approved": true}); leave empty to send none.',
    validateInput: (value) => jsonProblem(value),
  });
  if (dataText === undefined) return;
  const data = dataText.trim() ? JSON.parse(dataText) : undefined;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Raising '${eventName}' on ${instance.instanceId}…` }, () =>
      session.customRequest('raiseEvent', { instanceId: instance.instanceId, eventName: eventName.trim(), data }),
    );
    void vscode.window.showInformationMessage(`Durable TS: raised '${eventName.trim()}' on ${instance.instanceId}.`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Durable TS: could not raise '${eventName.trim()}' on ${instance.instanceId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The active debug session, when it is a Durable TS one. */
function durableSession(): vscode.DebugSession | undefined {
  const active = vscode.debug.activeDebugSession;
  return active?.type === DEBUG_TYPE ? active : undefined;
}

async function pickInstance(instances: SessionInstance[]): Promise<SessionInstance | undefined> {
  // Those waiting for an event first: they are what a user raises events for.
  const ordered = [...instances].sort((a, b) => Number(b.waitingFor.length > 0) - Number(a.waitingFor.length > 0));
  const picked = await vscode.window.showQuickPick(
    ordered.map((instance) => ({
      label: instance.instanceId,
      description: instance.name,
      detail: instance.waitingFor.length ? `waiting for ${instance.waitingFor.map((name) => `'${name}'`).join(', ')}` : undefined,
      instance,
    })),
    { placeHolder: 'Which instance should receive the event?' },
  );
  return picked?.instance;
}
