import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { createClient, openStore } from '../../../runtime/src/index';
import { serveHttpApi } from '../../../runtime/src/http/httpApi';

describe('HTTP API: the address it binds to', () => {
  it('is 127.0.0.1 unless told otherwise, and the URL it reports says so', async () => {
    const store = await openStore({});
    const api = await serveHttpApi({ client: createClient({ store }), port: 0 });
    try {
      const address = api.server.address() as AddressInfo;
      assert.equal(address.address, '127.0.0.1');
      assert.equal(api.url, `http://127.0.0.1:${address.port}`);
    } finally {
      await api.close();
      await store.close();
    }
  });

  it('is not a non-loopback address unless a key is required or authentication explicitly waived', async () => {
    const store = await openStore({});
    try {
      await assert.rejects(serveHttpApi({ client: createClient({ store }), port: 0, host: '0.0.0.0' }), /0\.0\.0\.0 is not a loopback address/);
    } finally {
      await store.close();
    }
  });

  it('is the host it is given', async () => {
    const store = await openStore({});
    const api = await serveHttpApi({ client: createClient({ store }), port: 0, host: '0.0.0.0', allowUnauthenticated: true });
    try {
      assert.equal((api.server.address() as AddressInfo).address, '0.0.0.0');
    } finally {
      await api.close();
      await store.close();
    }
  });
});
