import { spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * Runs an install step with its output appended to `logFile` (installs are long and noisy); on failure the
 * error carries the log's tail, which is what explains it.
 */
export function runLogged(command, args, { logFile, env = process.env, cwd } = {}) {
  fs.appendFileSync(logFile, `\n$ ${command} ${args.join(' ')}\n`);
  const out = fs.openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', out, out] });
    child.on('error', (error) => {
      fs.closeSync(out);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${logFile}:\n${tail}`));
    });
  });
}
