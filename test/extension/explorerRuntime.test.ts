import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadExplorerRuntime } from '../../client/src/explorer/explorerRuntime';

const repoRoot = path.resolve(__dirname, '../..');
const loaded = (file: string) => Object.keys(require.cache).some((key) => key.endsWith(path.join('runtime', 'dist', file)));

describe('instance explorer: the runtime it reads stores with', () => {
  it('resolves the store path as the CLI does without loading the runtime, which it loads on first use', () => {
    const modules = loadExplorerRuntime(repoRoot);
    assert.equal(modules.resolveStorePath(undefined, '/work/app'), path.join('/work/app', '.durable', 'store.db'));
    assert.equal(modules.resolveStorePath('stores/orders', '/work/app'), path.join('/work/app', 'stores', 'orders', 'store.db'));
    assert.equal(loaded('index.js'), false, 'activation does not pay for loading the runtime');
    assert.equal(typeof modules.durable.openStore, 'function');
    assert.equal(typeof modules.internal.readLockOwner, 'function');
    assert.equal(loaded('index.js'), true);
    // What a PostgreSQL store needs: the runtime's opening of a store URL, and its PostgreSQL client.
    assert.equal(modules.storeUrl.isPostgresUrl('postgres://db/app'), true);
    assert.equal(typeof modules.storeOpening.openStoreAt, 'function');
    assert.equal(typeof modules.pg.Pool, 'function');
  });
});
