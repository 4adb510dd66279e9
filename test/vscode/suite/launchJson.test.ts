import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canPressKeys, press, pressInFreshWindow } from './suiteOutput';
import { waitUntil } from './waitUntil';
import { revertUnsavedChanges } from './workspaceFiles';

/** The fixture's orchestrations, in the order of their files, as a new launch.json lists them. */
const FIXTURE_CONFIGURATIONS = [
  { file: 'greetings.ts', orchestration: 'Greetings', input: null },
  { file: 'orchestrators.ts', orchestration: 'StampedGreeting', input: '' },
  { file: 'orders.ts', orchestration: 'PlaceOrder', input: { customer: '', skus: [''] } },
  { file: 'orders.ts', orchestration: 'ShipOrder', input: { customer: '', skus: [''] } },
  { file: 'payments.ts', orchestration: 'Checkout', input: 0 },
  { file: 'trips.ts', orchestration: 'ApproveTrip', input: '' },
  { file: 'trips.ts', orchestration: 'BookTrips', input: [''] },
].map(({ file, orchestration, input }) => ({
  type: 'durable',
  request: 'launch',
  name: `Debug ${orchestration}`,
  program: `\${workspaceFolder}/src/${file}`,
  orchestration,
  input,
}));

/** The Run view's link to a new launch.json, and the debugger it is for (its list also has "More Durable TS options..."). */
const CREATE_LAUNCH_JSON = [
  'click:.pane-body a:has-text("create a launch.json file")',
  'see:.quick-input-widget input[placeholder="Select debugger"]',
  'click:.quick-input-list .monaco-list-row:has-text("Durable TS"):not(:has-text("options"))',
];

/** VS Code writes a new launch.json with a header of `//` comments above the JSON. */
function parseLaunchJson(text: string): { version: string; configurations: unknown[] } {
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
}

describe('creating launch.json from the Run view', function () {
  this.timeout(120_000);
  const folder = () => vscode.workspace.workspaceFolders![0];
  const launchFile = () => vscode.Uri.joinPath(folder().uri, '.vscode', 'launch.json');
  const configurations = () => vscode.workspace.getConfiguration('launch', folder().uri).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  let kept: Uint8Array | undefined;

  before(async function () {
    if (!canPressKeys()) this.skip(); // choosing the debugger in the quick pick needs the code-server launcher
    // Without launch.json the Run view offers to create one; the fixture's is put back after.
    kept = await vscode.workspace.fs.readFile(launchFile());
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(launchFile());
    await waitUntil('VS Code to see no launch configuration', () => configurations().length === 0);
  });

  after(async () => {
    if (!kept) return;
    // The new launch.json's editor is closed first: a model of it left open could write it over the fixture's again.
    await revertUnsavedChanges();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.writeFile(launchFile(), kept);
    const keptNames = parseLaunchJson(new TextDecoder().decode(kept)).configurations.map((configuration) => (configuration as { name: string }).name);
    await waitUntil("VS Code to read the fixture's launch.json again", () =>
      JSON.stringify(configurations().map((configuration) => configuration.name)) === JSON.stringify(keptNames));
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it("lists the workspace's orchestrations, each with its program and a sample input, and no placeholder", async () => {
    await vscode.commands.executeCommand('workbench.view.debug');
    await press(...CREATE_LAUNCH_JSON);
    await waitUntil('launch.json to open in an editor', () => vscode.window.activeTextEditor?.document.uri.path === launchFile().path, 30_000);
    const shown = vscode.window.activeTextEditor!.document.getText();
    assert.doesNotMatch(shown, /MyOrchestration/);
    assert.deepStrictEqual(parseLaunchJson(shown).configurations, FIXTURE_CONFIGURATIONS, `launch.json:\n${shown}`);
    const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(launchFile()));
    assert.deepStrictEqual(parseLaunchJson(saved).configurations, FIXTURE_CONFIGURATIONS, 'what the editor shows is saved');
  });

  // Last: a second window changes what the suite's own window shows and focuses.
  it('offers the shape of a configuration to fill in, in a folder that registers no orchestration yet', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-no-orchestration-'));
    try {
      fs.mkdirSync(path.join(project, 'src'));
      fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'starting', private: true, type: 'module' }));
      fs.writeFileSync(path.join(project, 'src', 'index.ts'), "export const greeting = 'hello';\n");
      await pressInFreshWindow(project, ['click:.activitybar [aria-label^="Run and Debug"]', ...CREATE_LAUNCH_JSON, 'see:.tabs-container .tab:has-text("launch.json")']);
      const written = fs.readFileSync(path.join(project, '.vscode', 'launch.json'), 'utf8');
      assert.deepStrictEqual(parseLaunchJson(written).configurations,
        [{ type: 'durable', request: 'launch', name: 'Debug orchestration', program: '${workspaceFolder}/src/app.ts' }], `launch.json:\n${written}`);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
