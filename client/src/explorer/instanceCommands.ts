import * as vscode from 'vscode';
import type { OrchestrationStatus, RuntimeStatus } from 'durable-ts';
import { scanWorkspace } from '../debug/configurationProvider';
import { DEBUG_TYPE } from '../debug/registerDebugger';
import { awaitedEventNames } from './awaitedEvents';
import { CREATED_WITHIN, RUNTIME_STATUSES, parseCreatedRange, type InstanceFilter } from './instanceFilter';
import { InstanceItem, type InstancesTree, type ShownStore } from './instancesTree';
import type { ManagementClient } from './storeAccess';
import { jsonProblem } from '../jsonInput';

type InstanceArgument = InstanceItem | OrchestrationStatus | string | undefined;

/** The explorer's commands: on the tree's items (inline and context menu) and in the palette, which asks which instance. */
export function registerInstanceCommands(tree: InstancesTree, showHistory: (status: OrchestrationStatus, store: ShownStore) => Promise<void>): vscode.Disposable[] {
  const onInstance = (command: string, act: (status: OrchestrationStatus, store: ShownStore) => Promise<unknown>) =>
    vscode.commands.registerCommand(command, async (argument?: InstanceArgument) => {
      const found = await instanceFrom(tree, argument);
      if (found) await act(found.status, found.store);
    });
  // Each command goes to the store the instance was listed from.
  const change = (what: string, status: OrchestrationStatus, store: ShownStore, act: (client: ManagementClient) => Promise<unknown>) =>
    report(`${what} ${status.instanceId}`, async () => {
      await store.access.write(act);
      tree.refresh();
    });
  return [
    vscode.commands.registerCommand('durableTs.explorer.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('durableTs.explorer.loadMore', (location?: string) => tree.loadMore(location)),
    vscode.commands.registerCommand('durableTs.explorer.filter', async () => {
      const filter = await askForFilter(tree.filter);
      if (filter) tree.setFilter(filter);
    }),
    vscode.commands.registerCommand('durableTs.explorer.clearFilter', () => tree.setFilter({})),
    onInstance('durableTs.instance.showHistory', showHistory),
    onInstance('durableTs.instance.copyId', async (status) => {
      await vscode.env.clipboard.writeText(status.instanceId);
      void vscode.window.setStatusBarMessage(`Copied ${status.instanceId}`, 3000);
    }),
    onInstance('durableTs.instance.raiseEvent', async (status, store) => {
      const event = await askForEvent(status, store);
      if (event) await change(`Raising '${event.name}' on`, status, store, (client) => client.raiseEvent(status.instanceId, event.name, event.data));
    }),
    onInstance('durableTs.instance.terminate', async (status, store) => {
      const reason = await vscode.window.showInputBox({ title: `Terminate ${status.name} ${status.instanceId}`, prompt: 'Why (recorded as its output; may be left empty)' });
      if (reason !== undefined) await change('Terminating', status, store, (client) => client.terminate(status.instanceId, reason || undefined));
    }),
    onInstance('durableTs.instance.suspend', (status, store) => change('Suspending', status, store, (client) => client.suspend(status.instanceId))),
    onInstance('durableTs.instance.resume', (status, store) => change('Resuming', status, store, (client) => client.resume(status.instanceId))),
    onInstance('durableTs.instance.purge', async (status, store) => {
      const purge = 'Purge';
      const answer = await vscode.window.showWarningMessage(`Purge ${status.name} ${status.instanceId}? Its record and history are deleted for good.`, { modal: true }, purge);
      if (answer === purge) await change('Purging', status, store, (client) => client.purge(status.instanceId));
    }),
    onInstance('durableTs.instance.rewind', async (status, store) => {
      const reason = await vscode.window.showInputBox({ title: `Rewind ${status.name} ${status.instanceId}`, prompt: 'Its failed activities and sub-orchestrations run again, and it goes on. Why (recorded in its history; may be left empty)' });
      if (reason === undefined) return;
      const served = store.access.apiUrl() !== undefined;
      await change('Rewinding', status, store, (client) => client.rewind(status.instanceId, reason || undefined));
      if (!served) void vscode.window.showInformationMessage(notServedYet(`${status.instanceId} is rewound`));
    }),
    onInstance('durableTs.instance.restart', async (status, store) => {
      const fresh = { label: 'Under a new instance id', newId: true };
      const same = { label: `Under its own id, ${status.instanceId}`, description: 'replaces this run and its history', newId: false };
      const picked = await vscode.window.showQuickPick([fresh, same], { title: `Restart ${status.name} ${status.instanceId} with its input` });
      if (!picked) return;
      const served = store.access.apiUrl() !== undefined;
      await change('Restarting', status, store, (client) => client.restart(status.instanceId, { restartWithNewInstanceId: picked.newId }));
      if (!served) void vscode.window.showInformationMessage(notServedYet(`${status.instanceId} is restarted`));
    }),
    onInstance('durableTs.instance.debugReplay', (status, store) => debugReplay(store, status)),
    // With a name alone (the CodeLens's Run) it asks for the input; with both (other commands, tests) it asks nothing.
    vscode.commands.registerCommand('durableTs.startInstance', async (...given: [name?: string, input?: unknown]) => startInstance(tree, given[0], given.length >= 2 ? { value: given[1] } : undefined)),
  ];
}

/**
 * The instance a command acts on, with its store: the tree item it was invoked on, a status the tree listed, an id
 * (from another command: the first store that has it), or one picked.
 */
async function instanceFrom(tree: InstancesTree, argument: InstanceArgument): Promise<{ status: OrchestrationStatus; store: ShownStore } | undefined> {
  if (argument instanceof InstanceItem) return { status: argument.status, store: argument.store };
  if (typeof argument === 'object' && argument && 'instanceId' in argument) return { status: argument, store: tree.storeOf(argument) };
  if (typeof argument === 'string') {
    for (const store of tree.stores) {
      const status: OrchestrationStatus | undefined = await store.access.read((client) => client.getStatus(argument));
      if (status) return { status, store };
    }
    void vscode.window.showErrorMessage(`Durable TS: no instance '${argument}' in ${tree.stores.map((store) => store.access.label).join(', ')}.`);
    return undefined;
  }
  const listed = tree.shown.length ? tree.shown.map((status) => ({ status, store: tree.storeOf(status) })) : (await tree.store.list({})).map((status) => ({ status, store: tree.stores[0] }));
  if (listed.length === 0) {
    void vscode.window.showErrorMessage(`Durable TS: there is no instance in ${tree.store.label} yet.`);
    return undefined;
  }
  const several = tree.stores.length > 1;
  const picked = await vscode.window.showQuickPick(
    listed.map((found) => ({ label: found.status.instanceId, description: `${found.status.name} · ${found.status.runtimeStatus}${several ? ` · ${found.store.group.label}` : ''}`, found })),
    { placeHolder: 'Which instance?', matchOnDescription: true },
  );
  return picked?.found;
}

/** With no process serving the store, a change is recorded and waits for one to run it. */
function notServedYet(what: string): string {
  return `Durable TS: ${what}; it runs when durable-ts serve, a run or a debug session next opens the store.`;
}

async function report(title: string, act: () => Promise<void>): Promise<void> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title}…` }, act);
  } catch (error) {
    void vscode.window.showErrorMessage(`Durable TS: ${title} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function askForEvent(status: OrchestrationStatus, store: ShownStore): Promise<{ name: string; data: unknown } | undefined> {
  const found = (await scanWorkspace(folderOf(store))).find((orchestration) => orchestration.name === status.name);
  const awaited = found ? awaitedEventNames(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(found.file)))) : [];
  const name = await vscode.window.showInputBox({
    title: `Raise Event on ${status.name} ${status.instanceId}`,
    prompt: awaited.length ? `Its code waits for ${awaited.map((event) => `'${event}'`).join(', ')}.` : 'The event name the orchestration waits for (ctx.waitForEvent)',
    value: awaited[0] ?? '',
    validateInput: (value) => (value.trim() ? undefined : 'An event needs a name.'),
  });
  if (name === undefined) return undefined;
  const data = await askForJson(`Raise '${name.trim()}' on ${status.instanceId}: its data`, 'Any JSON value (true, 42, "text", {"approved": true}); leave empty to send none.', '');
  return data && { name: name.trim(), data: data.value };
}

async function askForJson(title: string, prompt: string, value: string): Promise<{ value: unknown } | undefined> {
  const text = await vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: jsonProblem });
  if (text === undefined) return undefined;
  return { value: text.trim() ? JSON.parse(text) : undefined };
}

async function askForFilter(current: InstanceFilter): Promise<InstanceFilter | undefined> {
  const statuses = await vscode.window.showQuickPick(
    RUNTIME_STATUSES.map((status) => ({ label: status, picked: current.statuses?.includes(status) ?? false })),
    { title: 'Filter instances (1/4): statuses — none picked shows every status', canPickMany: true },
  );
  if (!statuses) return undefined;
  const name = await vscode.window.showInputBox({ title: 'Filter instances (2/4): orchestration name (exact; empty for any)', value: current.name ?? '' });
  if (name === undefined) return undefined;
  const idPrefix = await vscode.window.showInputBox({ title: 'Filter instances (3/4): instance id starts with (empty for any)', value: current.idPrefix ?? '' });
  if (idPrefix === undefined) return undefined;
  const range = await vscode.window.showQuickPick(
    [{ label: 'any time' }, ...CREATED_WITHIN.map((choice) => ({ label: choice.label, ms: choice.ms })), { label: 'between…', between: true }],
    { title: 'Filter instances (4/4): created' },
  );
  if (!range) return undefined;
  const filter: InstanceFilter = { statuses: statuses.map((item) => item.label as RuntimeStatus), name: name.trim() || undefined, idPrefix: idPrefix.trim() || undefined };
  if ('ms' in range) filter.createdWithinMs = range.ms;
  if ('between' in range) {
    const text = await vscode.window.showInputBox({
      title: 'Created between (FROM..TO, ISO dates or date-times; either side may be left out)',
      placeHolder: '2026-11-30..2026-12-01T12:00',
      validateInput: (value) => {
        const parsed = parseCreatedRange(value);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseCreatedRange(text) as { from?: Date; to?: Date };
    filter.createdFrom = parsed.from;
    filter.createdTo = parsed.to;
  }
  return filter;
}

/** The workspace folder whose sources a store's instances run (every folder's, for a store of none). */
function folderOf(store: ShownStore): vscode.WorkspaceFolder | undefined {
  const folderPath = store.group.folderPath;
  return folderPath === undefined ? undefined : vscode.workspace.workspaceFolders?.find((folder) => folder.uri.fsPath === folderPath);
}

/** Where an orchestration is registered (in the folder, or anywhere in the workspace): the program a replay or a run launches. */
async function programOf(name: string, folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
  const found = (await scanWorkspace(folder)).find((orchestration) => orchestration.name === name);
  if (!found) void vscode.window.showErrorMessage(`Durable TS: no source in ${folder ? `the folder ${folder.name}` : 'this workspace'} registers the orchestration '${name}' (app.orchestration('${name}', ...)).`);
  return found?.file;
}

async function debugReplay(store: ShownStore, status: OrchestrationStatus): Promise<void> {
  const folder = folderOf(store);
  const program = await programOf(status.name, folder);
  if (!program) return;
  await vscode.debug.startDebugging(folder ?? vscode.workspace.workspaceFolders?.[0], {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Replay ${status.name} ${status.instanceId}`,
    program,
    store: store.access.storePath,
    replay: { instanceId: status.instanceId },
  });
}

/**
 * Starts an instance in the store of the folder whose sources register the orchestration: in the process that
 * serves the store when there is one, else in a new run (a debug session without debugging), which serves the
 * store while it runs; either way the tree shows it.
 */
async function startInstance(tree: InstancesTree, givenName: string | undefined, givenInput: { value: unknown } | undefined): Promise<void> {
  const found = await scanWorkspace(undefined);
  let program = found.find((orchestration) => orchestration.name === givenName);
  if (!givenName) {
    if (found.length === 0) {
      void vscode.window.showErrorMessage("Durable TS: no orchestration found in this workspace. Register one with app.orchestration('Name', ...) from 'durable-ts'.");
      return;
    }
    const items = found.map((orchestration) => ({ label: orchestration.name, description: vscode.workspace.asRelativePath(orchestration.file), orchestration }));
    program = (await vscode.window.showQuickPick(items, { placeHolder: 'Start which orchestration?' }))?.orchestration;
    if (!program) return;
  }
  const orchestration = givenName ?? program!.name;
  const asked = givenInput ?? (await askForJson(`Durable TS: input for ${orchestration}`, 'The orchestration input, as JSON (empty for none)', ''));
  if (!asked) return;
  const input = asked.value;
  const folder = program && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(program.file));
  const store = tree.storeOfFolder(folder?.uri.fsPath);
  await report(`Starting ${orchestration}`, async () => {
    // A process serving the store may run an app whose sources are not in the workspace.
    const started = await store.access.startInServer(orchestration, input);
    if (started) return tree.refresh();
    if (!program) return void (await programOf(orchestration, undefined));
    await vscode.debug.startDebugging(folder, {
      type: DEBUG_TYPE, request: 'launch', name: `Run ${orchestration}`, program: program.file, orchestration, input, store: store.access.storePath,
    }, { noDebug: true });
  });
}
