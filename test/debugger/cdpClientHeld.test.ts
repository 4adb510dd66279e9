import * as assert from 'node:assert';
import { Duplex, PassThrough } from 'node:stream';
import { once } from 'node:events';
import { CdpClient } from '../../debugger/src/cdp/cdpClient';

/** Both ends of an inspector pipe: what the client writes arrives on `toHost`, what the host sends on `fromHost`. */
function pipe(): { channel: Duplex; toHost: PassThrough; fromHost: PassThrough } {
  const toHost = new PassThrough();
  const fromHost = new PassThrough();
  return { channel: Duplex.from({ readable: fromHost, writable: toHost }), toHost, fromHost };
}

describe('the inspector client of a kept host (events held until a launch listens)', () => {
  it('answers requests while it holds the events, and tells the events in order once released', async () => {
    const { channel, toHost, fromHost } = pipe();
    const cdp = new CdpClient(channel, { held: true });
    const parsed: string[] = [];
    cdp.on('Debugger.scriptParsed', (script: { url: string }) => parsed.push(script.url));

    const enabled = cdp.send('Debugger.enable');
    const [request] = (await once(toHost, 'data')) as [Buffer];
    const { id } = JSON.parse(request.toString()) as { id: number };
    fromHost.write(`${JSON.stringify({ method: 'Debugger.scriptParsed', params: { url: 'node:fs' } })}\n`);
    fromHost.write(`${JSON.stringify({ method: 'Debugger.scriptParsed', params: { url: 'file:///runtime.js' } })}\n`);
    fromHost.write(`${JSON.stringify({ id, result: { debuggerId: 'd' } })}\n`);
    assert.deepStrictEqual(await enabled, { debuggerId: 'd' });
    assert.deepStrictEqual(parsed, [], 'no event is told before the release');

    cdp.release();
    assert.deepStrictEqual(parsed, ['node:fs', 'file:///runtime.js']);
    const told = once(cdp, 'Debugger.scriptParsed');
    fromHost.write(`${JSON.stringify({ method: 'Debugger.scriptParsed', params: { url: 'file:///app.js' } })}\n`);
    await told;
    assert.deepStrictEqual(parsed, ['node:fs', 'file:///runtime.js', 'file:///app.js'], 'events after the release are told as they come');
    cdp.close();
  });
});
