import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { step, useOwnStore, type ExplorerApi } from './explorerApi';
import { serveApp, type ServedApp } from './servedApp';
import { canPressKeys, press, screenshot, shownTexts } from './suiteOutput';
import { waitUntil } from './waitUntil';

const WAITING = 110;
const FINISHED = 5;

/** Runs the Filter command (the funnel) and answers its four prompts with keys, as a user does. */
async function filterWith(keys: { statuses: string[]; name: string; idPrefix: string; created: string[] }): Promise<void> {
  const filtering = vscode.commands.executeCommand('durableTs.explorer.filter');
  await press('wait:Filter instances (1/4)', ...keys.statuses, 'Enter');
  await press('wait:Filter instances (2/4)', 'ControlOrMeta+a', ...(keys.name ? [`type:${keys.name}`] : ['Backspace']), 'Enter');
  await press('wait:Filter instances (3/4)', 'ControlOrMeta+a', ...(keys.idPrefix ? [`type:${keys.idPrefix}`] : ['Backspace']), 'Enter');
  await press('wait:Filter instances (4/4)', ...keys.created);
  await step('the filter command to finish', filtering);
}

describe('the instance explorer\'s filter and paging', function () {
  this.timeout(180_000);
  let explorer: ExplorerApi;
  let served: ServedApp | undefined;
  // Registered first, so it runs first: serve stops before its store is removed.
  after(async () => {
    await served?.stop();
    await vscode.commands.executeCommand('durableTs.explorer.clearFilter');
  });
  const { dir: storeDir, explorer: ownExplorer } = useOwnStore('durable-ts-explorer-filter-e2e-');

  before(async function () {
    if (!canPressKeys()) this.skip(); // desktop VS Code's launcher cannot press keys
    explorer = ownExplorer();
    // serve owns the store: the view reads it through serve's API.
    served = await serveApp('src/trips.ts', storeDir);
    for (let i = 0; i < WAITING; i++) await served.start('ApproveTrip', `trip ${i}`, `trip-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < FINISHED; i++) await served.start('BookTrips', [`city ${i}`], `book-${i}`);
    await vscode.commands.executeCommand('durableTs.explorer.clearFilter');
    await vscode.commands.executeCommand('durableTs.instances.focus');
  });


  it('shows the newest 100 instances, then the rest on Load more', async () => {
    await step('the first page', explorer.whenInstances((instances) => instances.length === 100 && !instances.some((instance) => instance.runtimeStatus === 'Pending')));
    assert.strictEqual(explorer.view().description, String(WAITING + FINISHED));
    assert.deepStrictEqual(explorer.instances().slice(0, FINISHED).map((instance) => instance.instanceId).sort(), ['book-0', 'book-1', 'book-2', 'book-3', 'book-4'], 'newest first');
    // The workbench draws the rows in sight a moment after the view has listed them all.
    await waitUntil('the tree shows the newest instances, as many as fit', async () => {
      const rows = await shownTexts('.monaco-list-row');
      return rows.some((row) => row.includes('book-4')) && rows.filter((row) => row.includes('trip-')).length >= 10;
    }, 30_000);
    await screenshot('explorer-first-page');
    // The last row, "Load more… (100 of 115 shown)", chosen with the keyboard as in the tree.
    await vscode.commands.executeCommand('durableTs.instances.focus');
    await press('End', 'Enter');
    await step('every instance', explorer.whenInstances((instances) => instances.length === WAITING + FINISHED));
    await screenshot('explorer-loaded-more');
  });

  it('filters by status, orchestration name, id prefix and creation time through the filter prompts', async () => {
    // Completed: typed to narrow the list, then checked; BookTrips; ids from "book-"; created in the last hour.
    await filterWith({ statuses: ['type:Completed', 'ArrowDown', 'Space'], name: 'BookTrips', idPrefix: 'book-', created: ['ArrowDown', 'ArrowDown', 'Enter'] });
    await step('the finished BookTrips only', explorer.whenInstances((instances) => instances.length === FINISHED && instances.every((instance) => instance.name === 'BookTrips' && instance.runtimeStatus === 'Completed')));
    assert.strictEqual(explorer.view().description, `Completed · BookTrips · id book-… · last 1 h (${FINISHED})`);
    await screenshot('explorer-filtered');

    // Running ApproveTrip ids from "trip-10", created between two dates that hold today: 10 of them.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await filterWith({ statuses: ['type:Running', 'ArrowDown', 'Space'], name: '', idPrefix: 'trip-10', created: ['type:between', 'Enter', 'wait:Created between', `type:${today}..${tomorrow}`, 'Enter'] });
    await step('the ten trips from trip-100', explorer.whenInstances((instances) => instances.length === 10 && instances.every((instance) => instance.instanceId.startsWith('trip-10') && instance.runtimeStatus === 'Running')));

    // A range that ends before any instance was created: nothing matches, and the view says so.
    await filterWith({ statuses: [], name: '', idPrefix: '', created: ['type:between', 'Enter', 'wait:Created between', 'type:..2020-01-01', 'Enter'] });
    await step('an empty view', explorer.whenInstances((instances) => instances.length === 0));
    assert.strictEqual(explorer.view().message, 'No instance matches the filter.');
    await screenshot('explorer-no-match');
  });
});
