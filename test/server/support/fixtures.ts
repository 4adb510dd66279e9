import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'server', 'fixtures');
export const RULES_FIXTURE = path.join(FIXTURES, 'rules');

const EXPECT_MARKER = /\/\/ expect: ((?:DUR\d{3}\s*)+)/;

/** `// expect: DUR001 DUR011` at the end of a line: the findings that line must have, as "line:code" (1-based). */
export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = EXPECT_MARKER.exec(line);
    if (match) for (const code of match[1].trim().split(/\s+/)) expected.push(`${index + 1}:${code}`);
  });
  return expected.sort();
}

/**
 * Copies a fixture folder (and the shared stubs it maps `durable-ts` to) into a fresh temporary directory, so a
 * test can edit files. The repository's node_modules is linked in, for @types/node.
 */
export function copyFixture(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-lint-'));
  fs.cpSync(path.join(FIXTURES, name), path.join(root, name), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'stubs'), path.join(root, 'stubs'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return path.join(root, name);
}

export function removeFixtureCopy(folder: string): void {
  fs.rmSync(path.dirname(folder), { recursive: true, force: true });
}
