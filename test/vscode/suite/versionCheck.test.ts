import * as assert from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitForDiagnostics } from './diagnostics';
import { report } from './suiteOutput';
import { EXTENSION_ID, openWorkspaceFile } from './workspaceFiles';

const CHECK_SOURCE = 'durable-ts check';
const APP = 'src/checkedOrder.ts';
const V1 = `import { app } from 'durable-ts';

const reserve = app.activity('Reserve', async (item: string) => \`reserved \${item}\`);
const audit = app.activity('Audit', async (item: string) => \`audited \${item}\`);
const ship = app.activity('Ship', async (item: string) => \`shipped \${item}\`);

app.orchestration('CheckedOrder', async (ctx, item: string) => {
  await ctx.callActivity(reserve, item);
  await ctx.waitForEvent('Paid');
  return ctx.callActivity(ship, item);
});

export default { app, audit };
`;

const checkDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === CHECK_SOURCE);

/** `durable-ts run` of an instance that waits for an event: it stays in flight in the store (the command exits 1 saying so). */
function startInFlight(cli: string, app: string, store: string, instanceId: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('node', [cli, 'run', app, 'CheckedOrder', '--input', '"lamp"', '--store', store, '--instance-id', instanceId, '--quiet'], { timeout: 60_000 }, (error, _stdout, stderr) =>
      (error as { code?: unknown } | null)?.code === 1 && /waits/.test(stderr) ? resolve() : reject(new Error(`run did not leave ${instanceId} waiting: ${error?.message} ${stderr}`)),
    ),
  );
}

describe('the compatibility check on save', () => {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const appFile = path.join(folder, APP);
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  const hadSettings = fs.existsSync(settingsFile);
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-check-on-save-'));
  const store = path.join(storeDir, 'store.db');

  before(async function () {
    this.timeout(120_000);
    fs.writeFileSync(appFile, V1);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'runtime', 'dist', 'cli', 'main.js');
    await startInFlight(cli, appFile, store, 'order-1');
    await startInFlight(cli, appFile, store, 'order-2');
    await vscode.workspace.getConfiguration('durableTs').update('check.store', store, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('durableTs').update('check.store', undefined, vscode.ConfigurationTarget.Workspace);
    if (!hadSettings) fs.rmSync(settingsFile, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(appFile, { force: true });
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('marks a call inserted before where in-flight instances wait, and its quick fix guards it with ctx.patched', async function () {
    this.timeout(120_000);
    const editor = await openWorkspaceFile(APP);
    const uri = editor.document.uri;
    const reserveLine = editor.document.getText().split('\n').findIndex((line) => line.includes('callActivity(reserve'));
    await editor.edit((edit) => edit.insert(new vscode.Position(reserveLine + 1, 0), '  await ctx.callActivity(audit, item);\n'));
    const saved = Date.now();
    assert.ok(await editor.document.save(), 'the edit was saved');

    const [marked] = await waitForDiagnostics(uri, (all) => all.some((diagnostic) => diagnostic.source === CHECK_SOURCE), 'the on-save check to mark a line', 60_000).then(() => checkDiagnostics(uri));
    report(`on-save check: diagnostic ${Date.now() - saved} ms after the save (2 in-flight instances)`);
    assert.equal(marked.range.start.line, reserveLine + 1, 'the diagnostic is on the inserted line');
    assert.match(marked.message, /^2 in-flight instances of `CheckedOrder` would fail on replay: history event #\d+ recorded .*; this line now calls activity 'Audit' \(task 1\)\.$/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, marked.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((action) => action.title === 'List the 2 in-flight instance(s) of CheckedOrder'), JSON.stringify(actions.map((action) => action.title)));
    const wrap = actions.find((action) => action.title === "Wrap in ctx.patched('Audit')");
    assert.ok(wrap?.edit, `no patch guard among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    assert.equal(editor.document.lineAt(reserveLine + 1).text, "  if (ctx.patched('Audit')) await ctx.callActivity(audit, item);");
    assert.ok(await editor.document.save());
    await waitForDiagnostics(uri, () => checkDiagnostics(uri).length === 0, 'the check to find the guarded code compatible', 60_000);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'runtime', 'dist', 'cli', 'main.js');
    const exitCode = await new Promise<number>((resolve) => execFile('node', [cli, 'check', appFile, '--store', store], (error) => resolve(Number((error as { code?: number } | null)?.code ?? 0))));
    assert.equal(exitCode, 0, 'the guarded code suits both in-flight instances');
  });
});
