import { strict as assert } from 'node:assert';
import { fixtureApp, runCli, tempDir, type CliResult } from '../cli/cliProcess';

/** Each fixture app, the orchestration it registers, its input and the output `run` must print. */
const apps = [
  { title: 'TypeScript ESM with no package "type", importing ./helper.js that is helper.ts', file: 'ts-esm/app.ts', orchestration: 'TsEsm', input: '"hi"', output: 'HI!' },
  { title: 'TypeScript in a "type": "module" package, importing ./helper.js that is helper.ts', file: 'ts-module-package/app.ts', orchestration: 'TsModulePackage', input: '{"item":"tea","quantity":2}', output: '2 X TEA!' },
  { title: 'a .mts app importing ./helper.mjs that is helper.mts', file: 'mts/app.mts', orchestration: 'Mts', input: '"hi"', output: 'HI!' },
  { title: 'TypeScript CommonJS (require, module.exports) in a "type": "commonjs" package, requiring ./helper.js that is helper.ts', file: 'ts-commonjs-package/app.ts', orchestration: 'TsCommonJs', input: '"hi"', output: 'HI!' },
  { title: 'a .cts app requiring ./helper.cjs that is helper.cts', file: 'cts/app.cts', orchestration: 'Cts', input: '"hi"', output: 'HI!' },
  { title: 'JavaScript ESM (.mjs)', file: 'js-esm/app.mjs', orchestration: 'JsEsm', input: '"hi"', output: 'HI!' },
  { title: 'JavaScript CommonJS (.cjs)', file: 'js-cjs/app.cjs', orchestration: 'JsCjs', input: '"hi"', output: 'HI!' },
  { title: 'JavaScript CommonJS (.js with no package "type")', file: 'js-commonjs/app.js', orchestration: 'JsCommonJs', input: '"hi"', output: 'HI!' },
];

describe('loader: `run` loads apps in every module format with no build', () => {
  const temp = tempDir('formats');
  const results = new Map<string, CliResult>();

  // The runs are independent child processes: two at a time (each loads the TypeScript compiler, and eight at once
  // on a busy two-core machine starve each other past the CLI's time limit); each test checks its own.
  before(async function () {
    this.timeout(120_000);
    const queue = [...apps];
    const runNext = async (): Promise<void> => {
      const app = queue.shift();
      if (!app) return;
      results.set(app.file, await runCli(['run', fixtureApp(app.file), app.orchestration, '--input', app.input, '--store', `${temp.dir}/${app.orchestration}.db`, '--quiet']));
      await runNext();
    };
    await Promise.all([runNext(), runNext()]);
  });
  after(() => temp.remove());

  for (const app of apps) {
    it(`runs ${app.title}`, () => {
      const result = results.get(app.file)!;
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), app.output);
      assert.match(result.stderr, new RegExp(`${app.orchestration} \\(\\w+\\) Completed`));
    });
  }
});
