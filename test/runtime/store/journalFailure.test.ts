import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openStore } from '../../../runtime/src/store/open';
import { StoreFailedError } from '../../../runtime/src/api/errors';
import { instanceChange, writtenNumbers } from './support/changes';
import { crashImage, freshStoreFiles, type StoreFiles } from './support/storeFiles';

describe('store whose journal cannot be written', () => {
  let files: StoreFiles;
  beforeEach(() => (files = freshStoreFiles('journal-failure')));
  afterEach(() => files.remove());

  it('refuses that commit and every later one with a clear error, and keeps what was acknowledged', async () => {
    const store = await openStore({ path: files.store });
    await store.commit([instanceChange(1)]);
    // The journal's descriptor goes away under the store, as a failing disk or a full one makes writes fail.
    fs.closeSync((store as unknown as { journal: { fd: number } }).journal.fd);

    await assert.rejects(store.commit([instanceChange(2)]), (error: Error) => error instanceof StoreFailedError && /could not write its journal/.test(error.message) && /restart/.test(error.message));
    await assert.rejects(store.commit([instanceChange(3)]), StoreFailedError, 'later commits are refused, not journaled past a gap');

    const image = crashImage(files, 'journal-failure-image');
    try {
      const reopened = await openStore({ path: image.store });
      assert.deepEqual(writtenNumbers(reopened), [1]);
      await reopened.close();
    } finally {
      image.remove();
    }
  });
});
