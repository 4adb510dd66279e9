import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { resolveStorePath } from '../../runtime/src/store/storePath';
import { storeGroups } from '../../client/src/explorer/storeGroups';

const root = path.resolve('/work/shop');
const orders = { name: 'orders', path: path.join(root, 'orders') };
const billing = { name: 'billing', path: path.join(root, 'billing') };

describe('instance explorer: which stores the view shows', () => {
  it('shows each workspace folder\'s store, by its own setting or the CLI\'s default there', () => {
    const groups = storeGroups([{ ...orders, configured: 'stores/main' }, { ...billing, configured: '' }], [], resolveStorePath, '/elsewhere');
    assert.deepEqual(groups, [
      { location: path.join(orders.path, 'stores', 'main', 'store.db'), label: 'orders', folderPath: orders.path },
      { location: path.join(billing.path, '.durable', 'store.db'), label: 'billing', folderPath: billing.path },
    ]);
  });

  it('adds the store of a debug session that runs on another one, resolved as the debug adapter resolves it', () => {
    const program = path.join(orders.path, 'src', 'app.ts');
    const groups = storeGroups([orders, billing], [
      // The default a launch without "store" gets (the folder's .durable): the folder's group already shows it.
      { name: 'Debug Checkout', folderPath: orders.path, configuration: { store: path.join(orders.path, '.durable'), program } },
      // Relative to the program's folder when the launch names no cwd.
      { name: 'Debug Refund', folderPath: orders.path, configuration: { store: 'scratch', program } },
      // Relative to cwd when it names one.
      { name: 'Run Invoice', folderPath: billing.path, configuration: { store: 'tmp/run.db', cwd: billing.path, program } },
      { name: 'Debug Shared', configuration: { store: 'postgres://app:pw@db.internal/hub', program } },
      // Attach sessions and replays of a history file name no store.
      { name: 'Attach', configuration: {} },
      { name: 'Debug Refund again', folderPath: orders.path, configuration: { store: 'scratch/', program } },
    ], resolveStorePath, '/elsewhere');
    assert.deepEqual(groups.map(({ label, location, fromSession }) => ({ label, location, fromSession })), [
      { label: 'orders', location: path.join(orders.path, '.durable', 'store.db'), fromSession: undefined },
      { label: 'billing', location: path.join(billing.path, '.durable', 'store.db'), fromSession: undefined },
      { label: 'Debug Refund', location: path.join(orders.path, 'src', 'scratch', 'store.db'), fromSession: true },
      { label: 'Run Invoice', location: path.join(billing.path, 'tmp', 'run.db'), fromSession: true },
      { label: 'Debug Shared', location: 'postgres://app:pw@db.internal/hub', fromSession: true },
    ]);
    assert.equal(groups[2].folderPath, orders.path, 'a session\'s store belongs to its folder, whose sources its instances run');
  });

  it('shows the current directory\'s store with no folder open', () => {
    assert.deepEqual(storeGroups([], [], resolveStorePath, root), [{ location: path.join(root, '.durable', 'store.db'), label: 'shop' }]);
  });
});
