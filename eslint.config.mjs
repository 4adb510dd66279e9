// Lints the project's own code (`npm run lint`, part of `npm test`) with typescript-eslint's recommended rules,
// less the ones that forbid idioms this code base uses on purpose (each named below, with why).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'out/**', '**/node_modules/**', 'test/**/fixtures/**', 'test/vscode/workspace/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // The public API's generic defaults are `any` on purpose (an untyped activity accepts what it is given), and
      // tests build protocol messages loosely.
      '@typescript-eslint/no-explicit-any': 'off',
      // Heavy modules (the TypeScript compiler, the bundled lint) are required where first needed, to keep start-up fast.
      '@typescript-eslint/no-require-imports': 'off',
      // `if (x) (a.push(y), b.push(z));` and `cond ? a() : b()` statements are used for short paired updates.
      '@typescript-eslint/no-unused-expressions': 'off',
      // A leading underscore marks a parameter or destructured value left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A `let` read by a closure before its one assignment (a callback that may run early) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
);
