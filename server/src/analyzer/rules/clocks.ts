import { globalApi, type ApiPattern } from './apiPatterns';

/** DUR006: high-resolution clocks, which measure the replaying process rather than the orchestration. */

function clockMessage(subject: string, durable: string): string {
  return `${subject} reads a clock of the running process, which differs on every replay; use ${durable}.currentUtcDateTime, and measure durations inside activities.`;
}

export const CLOCK_APIS: readonly ApiPattern[] = [
  globalApi('DUR006', 'performance.now', 'call', clockMessage),
  globalApi('DUR006', 'performance.timeOrigin', 'any', clockMessage),
  globalApi('DUR006', 'process.hrtime', 'call', clockMessage),
  globalApi('DUR006', 'process.hrtime.bigint', 'call', clockMessage),
  globalApi('DUR006', 'process.uptime', 'call', clockMessage),
  globalApi('DUR006', 'process.cpuUsage', 'call', clockMessage),
];
