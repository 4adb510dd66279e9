import Mocha from 'mocha';
import { report, routeReportToLauncher } from './suiteOutput';

/**
 * The entry the extension host loads as `extensionTestsPath`. The test files are bundled into this module, so
 * Mocha's globals are installed first and the files are required after, each registering its tests.
 */
export function run(): Promise<void> {
  routeReportToLauncher();
  // DURABLE_TS_E2E_GREP runs only the tests whose titles match it, while working on one part.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep: process.env.DURABLE_TS_E2E_GREP || undefined });
  mocha.suite.emit('pre-require', globalThis, 'bundled suite', mocha);
  require('./activation.test');
  require('./lint.test');
  require('./grammars.test');
  // Before the other debug sessions: its first F5 is the window's first.
  require('./launchSpeed.test');
  require('./debugger.test');
  require('./sessionLifecycle.test');
  require('./project.test');
  require('./ruleDocs.test');
  require('./versionCheck.test');
  require('./explorer.test');
  require('./explorerFilter.test');
  require('./explorerStores.test');
  require('./explorerLens.test');
  require('./keptHost.test');
  require('./launchJson.test');
  // Last: a second window changes what the suite's own window shows and focuses (the rule documentation test broke after it).
  require('./coldWindow.test');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report(`vscode: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed in the real-VS-Code suite`));
      else resolve();
    });
  });
}
