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
      assert.deepEqual((await writtenNumbers(reopened)), [1]);
      await reopened.close();
    } finally {
      image.remove();
    }
  });

  it('lets a caller ignore a commit\'s promise: the failed write is no unhandled rejection to crash the process', async () => {
    const store = await openStore({ path: files.store });
    await store.commit([instanceChange(1)]);
    fs.closeSync((store as unknown as { journal: { fd: number } }).journal.fd);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      void store.commit([instanceChange(2)]); // as a worker acknowledging a message does: nothing waits on it
      const failed = () => (store as unknown as { failure?: StoreFailedError }).failure !== undefined;
      while (!failed()) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20)); // past the microtask turn that reports unhandled rejections
      assert.deepEqual(unhandled, []);
      await assert.rejects(store.commit([]), StoreFailedError);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
