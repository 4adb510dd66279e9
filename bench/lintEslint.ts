import { ESLint, type Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';

/**
 * What a team would configure today with core ESLint to keep nondeterministic APIs out of orchestrators:
 * the same APIs the determinism rules catalog, banned everywhere, since ESLint cannot tell an orchestrator
 * from an activity.
 */
const RESTRICTED_SYNTAX: Linter.RuleEntry = [
  'error',
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Date.now() in an orchestrator' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() in an orchestrator' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Math.random() in an orchestrator' },
  { selector: "CallExpression[callee.object.name='crypto'][callee.property.name=/^(randomUUID|getRandomValues)$/]", message: 'randomness in an orchestrator' },
  { selector: "MemberExpression[object.name='process'][property.name=/^(env|argv|cwd|pid|hrtime|uptime)$/]", message: 'process state in an orchestrator' },
  { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'performance.now() in an orchestrator' },
  { selector: "CallExpression[callee.object.name='console']", message: 'console logging in an orchestrator' },
];

const RESTRICTED_GLOBALS: Linter.RuleEntry = ['error', 'setTimeout', 'setInterval', 'setImmediate', 'fetch'];

const RESTRICTED_IMPORTS: Linter.RuleEntry = [
  'error',
  ...['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net',
    'child_process', 'node:child_process', 'os', 'node:os', 'timers/promises', 'node:timers/promises', 'uuid', 'axios'],
];

export function createEslint(cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
        languageOptions: { parser: tsParser },
        rules: {
          'no-restricted-syntax': RESTRICTED_SYNTAX,
          'no-restricted-globals': RESTRICTED_GLOBALS,
          'no-restricted-imports': RESTRICTED_IMPORTS,
        },
      },
    ],
  });
}

export interface EslintFinding {
  file: string;
  line: number;
}

export async function runEslint(cwd: string, patterns: string[] = ['src/**/*.ts']): Promise<EslintFinding[]> {
  const results = await createEslint(cwd).lintFiles(patterns);
  return results.flatMap((result) => result.messages.map((message) => ({ file: result.filePath, line: message.line })));
}
