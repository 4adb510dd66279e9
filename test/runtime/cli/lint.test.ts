import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './cliProcess';

describe('CLI: durable-ts lint', () => {
  it('reports nondeterminism in an orchestrator as JSON and exits 1', async () => {
    const workspace = tempDir('lint');
    try {
      const file = path.join(workspace.dir, 'app.ts');
      fs.writeFileSync(file, "import { app } from 'durable-ts';\napp.orchestration('Clock', async (ctx) => Date.now());\napp.activity('Stamp', async () => Date.now());\n");
      const result = await runCli(['lint', 'app.ts', '--format', 'json'], { cwd: workspace.dir });
      assert.equal(result.code, 1, result.stderr);
      const findings = JSON.parse(result.stdout) as { file: string; line: number; code: string }[];
      assert.deepEqual(findings.map((finding) => [finding.file, finding.line, finding.code]), [['app.ts', 2, 'DUR001']], 'the activity is not flagged');
    } finally {
      workspace.remove();
    }
  });
});
