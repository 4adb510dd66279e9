import { fork, type ChildProcess } from 'node:child_process';

/**
 * The language server's process, as vscode-languageclient would fork it: `--node-ipc`, the extension host's pid to
 * watch, the extension host's executable run as plain Node (in desktop VS Code it is Electron's), and an inspector
 * port when the extension host itself is being debugged. Editor-free: the extension's entry forks it before loading
 * anything else.
 */
export function forkServer(module: string): ChildProcess {
  const debugging = process.execArgv.some((arg) => /^--(inspect|debug)(-brk)?(=|$)/.test(arg));
  return fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    silent: true,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
    execArgv: debugging ? ['--nolazy', '--inspect=6009'] : [],
  });
}
