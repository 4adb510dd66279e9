// Preloaded into a benchmarked process: prints the CPU time it used when it exits (on a shared machine, the work
// itself, where wall time also counts the waits for a core).
process.on('exit', () => {
  const used = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${(used.user + used.system) / 1000}\n`);
});
