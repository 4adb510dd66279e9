import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Type-checks a TypeScript project without emitting: esbuild only strips types, so the projects it alone
 * compiles would otherwise ship type errors unnoticed. Rejects with the compiler's report.
 */
export function typeCheck(root, project) {
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root }, (error, stdout, stderr) => {
      if (error) reject(new Error(`type errors in ${project}:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}
