import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DurableDebugClient, fixture, type Stop } from './support/durableDebugClient';

const project = fixture('compiled');
const source = path.join(project, 'src', 'app.ts');
const ratesSource = path.join(project, 'src', 'rates.ts');
const compiled = path.join(project, 'dist', 'app.js');
/** Lines of test/debugger/fixtures/compiled/src/*.ts; tsc moves them (interfaces and types are erased). */
const ACTIVITY_BOXES_LINE = 11;
const ORCHESTRATOR_PRICE_LINE = 17;
const ORCHESTRATOR_RETURN_LINE = 19;
/** Top-level code of rates.ts, which runs once, as the app loads. */
const RATES_LOADED_LINE = 9;
const RATES_TOO_MANY_LINE = 14;

describe('an app compiled by tsc with source maps, run from dist/', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;

  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project]);
  });

  beforeEach(async () => {
    client = new DurableDebugClient();
    client.defaultTimeout = 30_000;
    await client.start();
  });

  afterEach(() => client.stop());

  const launch = (extra: Record<string, unknown> = {}) => ({ program: compiled, orchestration: 'ShipOrder', input: { id: 'order-7', items: 7 }, ...extra });
  const continueFrom = (stop: Stop) => client.continueRequest({ threadId: stop.threadId });

  it('binds breakpoints set in the .ts sources and shows the .ts lines and locals', async () => {
    await client.launchWith(launch(), { [source]: [ACTIVITY_BOXES_LINE, { line: ORCHESTRATOR_RETURN_LINE, condition: '!ctx.isReplaying' }] });
    const inActivity = await client.nextStop();
    assert.strictEqual(inActivity.frame.source?.path, source);
    assert.strictEqual(inActivity.frame.line, ACTIVITY_BOXES_LINE);
    assert.strictEqual((await client.scope(inActivity, 'Locals')).order.value, 'Object');
    await continueFrom(inActivity);

    const inOrchestrator = await client.nextStop();
    assert.strictEqual(inOrchestrator.frame.source?.path, source);
    assert.strictEqual(inOrchestrator.frame.line, ORCHESTRATOR_RETURN_LINE);
    assert.strictEqual((await client.scope(inOrchestrator, 'Locals')).packed.value, '"order-7: 3 boxes for 27"');
  });

  it('stops at a breakpoint in the top-level code of a compiled module, before it runs', async () => {
    await client.launchWith(launch(), { [ratesSource]: [RATES_LOADED_LINE] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.source?.path, ratesSource);
    assert.strictEqual(stop.frame.line, RATES_LOADED_LINE);
    assert.strictEqual(stop.reason, 'breakpoint');
    assert.strictEqual((await client.evaluateRequest({ expression: 'Object.keys(rates).join()', frameId: stop.frame.id, context: 'repl' })).body.result, '"standard,express"');
  });

  it('hits an orchestrator breakpoint of the .ts on every replay, and steps on .ts lines', async () => {
    await client.launchWith(launch(), { [source]: [ORCHESTRATOR_PRICE_LINE] });
    const first = await client.nextStop();
    await continueFrom(first);
    const stop = await client.nextStop();
    for (const hit of [first, stop]) assert.deepStrictEqual([hit.frame.source?.path, hit.frame.line], [source, ORCHESTRATOR_PRICE_LINE]);
    assert.match(first.description, /replay 1\b/);
    assert.match(stop.description, /replay 2\b/);

    await client.nextRequest({ threadId: stop.threadId });
    const stepped = await client.nextStop();
    assert.strictEqual(stepped.frame.source?.path, source);
    assert.strictEqual(stepped.frame.line, ORCHESTRATOR_PRICE_LINE + 1);
    const trace = await client.stackTraceRequest({ threadId: stepped.threadId });
    assert.ok(trace.body.stackFrames.every((frame) => frame.source?.path?.endsWith('.ts')), JSON.stringify(trace.body.stackFrames));
  });

  it('stops where a compiled activity throws, at its .ts line, with the .ts places in the stack', async () => {
    await client.launchWith(launch({ input: { id: 'order-40', items: 40 } }), {}, ['activityFailed']);
    const stop = await client.nextStop();
    assert.strictEqual(stop.reason, 'exception');
    assert.strictEqual(stop.frame.source?.path, ratesSource);
    assert.strictEqual(stop.frame.line, RATES_TOO_MANY_LINE);
    const { body } = await client.exceptionInfoRequest({ threadId: stop.threadId });
    assert.match(body.details?.stackTrace ?? '', new RegExp(`${ratesSource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${RATES_TOO_MANY_LINE}:`));
    assert.doesNotMatch(body.details?.stackTrace ?? '', /dist\/rates\.js/);
  });

  it('lists the .ts sources, not the compiled files, in Loaded Scripts', async () => {
    await client.launchWith(launch(), { [source]: [ORCHESTRATOR_RETURN_LINE] });
    await client.nextStop();
    const { body } = (await client.send('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
    const paths = body.sources.map((loaded) => loaded.path);
    assert.ok(paths.includes(source) && paths.includes(ratesSource), JSON.stringify(paths));
    assert.ok(!paths.some((file) => file?.endsWith('.js')), JSON.stringify(paths));
  });

  it('reads the maps of "outFiles" outside the working directory', async () => {
    await client.launchWith(launch({ cwd: os.tmpdir(), outFiles: [path.join(project, 'dist', '**', '*.js')] }), { [ratesSource]: [RATES_LOADED_LINE] });
    const stop = await client.nextStop();
    assert.strictEqual(stop.frame.source?.path, ratesSource);
    assert.strictEqual(stop.frame.line, RATES_LOADED_LINE);
  });

  // As VS Code's JavaScript debugger does: a compiled file it could not know ahead is held before it runs until its
  // map is read and its breakpoints are bound, so they stop in its top-level code as in one of "outFiles".
  for (const [where, extra] of [
    ['outside "outFiles"', () => ({ outFiles: [path.join(project, 'elsewhere', '**', '*.js')] })],
    ['with no "outFiles", the compiled files outside the working directory', () => ({ cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'durable-cwd-')) })],
  ] as const) {
    it(`stops at a breakpoint in the top-level code of a compiled module ${where}, before it runs`, async () => {
      const options = extra();
      try {
        await client.launchWith(launch(options), { [ratesSource]: [RATES_LOADED_LINE], [source]: [ORCHESTRATOR_PRICE_LINE] });
        const stop = await client.nextStop();
        assert.deepStrictEqual([stop.frame.source?.path, stop.frame.line, stop.reason], [ratesSource, RATES_LOADED_LINE, 'breakpoint']);
        assert.strictEqual((await client.evaluateRequest({ expression: 'Object.keys(rates).join()', frameId: stop.frame.id, context: 'repl' })).body.result, '"standard,express"');
        await continueFrom(stop);
        const inOrchestrator = await client.nextStop();
        assert.deepStrictEqual([inOrchestrator.frame.source?.path, inOrchestrator.frame.line], [source, ORCHESTRATOR_PRICE_LINE]);
      } finally {
        if ('cwd' in options) fs.rmSync(options.cwd, { recursive: true, force: true });
      }
    });
  }

  it('refuses "outFiles" that is not a list of globs', async () => {
    await client.initializeRequest({ adapterID: 'durable', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(client.launchRequest(launch({ outFiles: 'dist/**/*.js' }) as DebugProtocol.LaunchRequestArguments), /"outFiles" must be a list of globs/);
  });

  it('leaves the maps unread with "sourceMaps": false: breakpoints in the .ts do not bind', async () => {
    const exited = client.waitForEvent('exited');
    await client.launchWith(launch({ sourceMaps: false }), { [source]: [ACTIVITY_BOXES_LINE] });
    assert.strictEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
  });
});
