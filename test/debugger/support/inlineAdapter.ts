import * as net from 'node:net';
import type * as Inline from '../../../debugger/src/inline';
import { DurableDebugClient } from './durableDebugClient';

type AdapterModule = typeof Inline;

/**
 * The debug adapter in this process, as VS Code runs it (its inline implementation, in the extension host): one
 * session per connection, all sharing the hosts kept started for the next launch, as a window's sessions do.
 */
export class InlineAdapter {
  readonly warmHosts: InstanceType<AdapterModule['WarmHosts']>;

  private constructor(
    adapter: AdapterModule,
    private readonly server: net.Server,
  ) {
    this.warmHosts = new adapter.WarmHosts();
  }

  /** `adapter`: the module (the TypeScript sources unless told otherwise: the bundle, for benchmarks). */
  static async start(adapter: AdapterModule = require('../../../debugger/src/inline') as AdapterModule): Promise<InlineAdapter> {
    const server = net.createServer();
    const inline = new InlineAdapter(adapter, server);
    server.on('connection', (socket) => {
      const session = new adapter.DurableDebugSession(undefined, inline.warmHosts);
      // A session that ends must not end this process, as in the editor.
      session.setRunAsServer(true);
      session.start(socket, socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return inline;
  }

  /** A DAP client of a new session of this adapter. */
  async client(): Promise<DurableDebugClient> {
    const client = new DurableDebugClient();
    await client.start((this.server.address() as net.AddressInfo).port);
    return client;
  }

  /** Ends the adapter as a closing window does: the host it keeps goes too. */
  async close(): Promise<void> {
    this.warmHosts.dispose();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
