import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './cliProcess';

describe('CLI: the installed durable-ts command', () => {
  it('is linked by the install and runs the CLI (npx durable-ts)', () => {
    const help = execFileSync(path.join(repoRoot, 'node_modules/.bin/durable-ts'), ['--help'], { encoding: 'utf8' });
    assert.match(help, /^durable-ts — durable orchestrations for TypeScript/);
    assert.match(help, /durable-ts run <app> <orchestration>/);
  });
});
