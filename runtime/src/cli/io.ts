export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/**
 * A reader that went away (`durable-ts history <id> | head`) closes the pipe: what is left to print has nowhere to
 * go. The command still finishes (its store is closed properly) and keeps its exit code; it just prints no more.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return (text) => {
    if (!readerGone) stream.write(`${text}\n`);
  };
}

export const processIo: CliIo = {
  stdout: writerTo(process.stdout),
  stderr: writerTo(process.stderr),
  cwd: process.cwd(),
};
