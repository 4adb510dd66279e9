import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEBUGGING_INTERFACE_VERSION } from '../../runtime/src/debugging/interfaceVersion';
import { DurableDebugClient } from './support/durableDebugClient';

/**
 * The app's own durable-ts runs it: a launch whose app resolves a durable-ts of another debugging interface, or
 * none at all, fails with one sentence that says what to do, never a module-loader stack.
 */
describe('launch: the app\'s durable-ts and the debugging interface', function () {
  this.timeout(30_000);
  let client: DurableDebugClient;
  let project: string;

  beforeEach(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-version-'));
    fs.writeFileSync(path.join(project, 'app.ts'), "import { app } from 'durable-ts';\napp.orchestration('Hello', async () => 'hi');\nexport default app;\n");
    client = new DurableDebugClient();
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(project, { recursive: true, force: true });
  });

  /** A durable-ts package in the project's node_modules: its manifest and files. */
  function installFakeRuntime(manifest: Record<string, unknown>, files: Record<string, string> = {}): string {
    const dir = path.join(project, 'node_modules', 'durable-ts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'durable-ts', main: 'index.js', ...manifest }));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.app = {};\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return fs.realpathSync(dir);
  }

  /** Launches the project's app and answers the launch's error message. */
  async function launchError(): Promise<string> {
    const error = await client.launchWith({ program: path.join(project, 'app.ts') }).then(
      () => assert.fail(`the launch succeeded; the console said: ${client.output.join('')}`),
      (failure: Error) => failure.message,
    );
    assert.doesNotMatch(`${error}\n${client.output.join('')}`, /^\s+at |ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED/m);
    return error;
  }

  it('says the durable-ts is older than the extension supports, with its version, when it has no debugging interface', async () => {
    const dir = installFakeRuntime({ version: '0.0.3', exports: { '.': './index.js', './package.json': './package.json', './internal': './index.js' } });
    assert.strictEqual(
      await launchError(),
      `The app's durable-ts 0.0.3 (${dir}) is older than this Durable TS extension supports: it has no debugging interface, the extension needs version ${DEBUGGING_INTERFACE_VERSION}. Update durable-ts in the app's project (npm install durable-ts@latest).`,
    );
  });

  it('says a durable-ts of the previous interface version (one whose app functions a debugger wrapped) is older than the extension supports', async () => {
    const older = DEBUGGING_INTERFACE_VERSION - 1;
    assert.ok(older >= 1);
    const dir = installFakeRuntime({ version: '0.1.0', exports: { '.': './index.js', './package.json': './package.json', './debugging': './debugging.js' } }, { 'debugging.js': `exports.version = ${older};\n` });
    assert.strictEqual(
      await launchError(),
      `The app's durable-ts 0.1.0 (${dir}) is older than this Durable TS extension supports: it speaks version ${older} of the debugging interface, the extension needs version ${DEBUGGING_INTERFACE_VERSION}. Update durable-ts in the app's project (npm install durable-ts@latest).`,
    );
  });

  it('says the durable-ts is newer than the extension supports, with both interface versions', async () => {
    const newer = DEBUGGING_INTERFACE_VERSION + 1;
    const dir = installFakeRuntime({ version: '9.0.0', exports: { '.': './index.js', './package.json': './package.json', './debugging': './debugging.js' } }, { 'debugging.js': `exports.version = ${newer};\n` });
    assert.strictEqual(
      await launchError(),
      `The app's durable-ts 9.0.0 (${dir}) is newer than this Durable TS extension supports: it speaks version ${newer} of the debugging interface, and the extension speaks version ${DEBUGGING_INTERFACE_VERSION}. Update the Durable TS extension.`,
    );
  });

  it('says the app cannot resolve durable-ts at all, and how to add it', async () => {
    const program = path.join(fs.realpathSync(project), 'app.ts');
    assert.strictEqual(
      await launchError(),
      `The app ${program} cannot resolve the durable-ts package: no node_modules folder above it has durable-ts. Add it to the app's project (npm install durable-ts, in ${path.dirname(program)} or a folder above it) and launch again.`,
    );
  });
});
