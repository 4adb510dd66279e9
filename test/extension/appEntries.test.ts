import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { declaredEntries } from '../../client/src/versioning/appEntries';

describe("the on-save check's app entries", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-ts-entries-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('takes the programs of durable launch configurations and the files package.json scripts run with durable-ts, if they exist', () => {
    fs.mkdirSync(path.join(folder, 'src'));
    for (const name of ['main.ts', 'worker.mts', 'tool.ts']) fs.writeFileSync(path.join(folder, 'src', name), '');
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({
      scripts: {
        start: 'durable-ts serve src/main.ts --port 7071',
        worker: "node --import durable-ts/register 'src/worker.mts'",
        tool: 'tsx src/tool.ts',
        gone: 'durable-ts run src/removed.ts Order',
      },
    }));
    const launch = [
      { type: 'durable', request: 'launch', program: '${workspaceFolder}/src/main.ts' },
      { type: 'node', request: 'launch', program: '${workspaceFolder}/src/tool.ts' },
      { type: 'durable', request: 'launch', program: '${file}' },
      null,
    ];
    assert.deepEqual(declaredEntries(folder, launch), [path.join(folder, 'src/main.ts'), path.join(folder, 'src/worker.mts')]);
  });

  it('reads no scripts from a package.json that does not parse (one being edited)', () => {
    fs.writeFileSync(path.join(folder, 'package.json'), '{ "scripts": { "start": "durable-ts serve src/main.ts"');
    assert.deepEqual(declaredEntries(folder, []), []);
  });
});
