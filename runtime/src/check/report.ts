import type { InstanceVerdict } from './replayCheck';

export function summary(verdicts: readonly InstanceVerdict[]) {
  const divergent = verdicts.filter((verdict) => !verdict.compatible).length;
  return { checked: verdicts.length, compatible: verdicts.length - divergent, divergent };
}

/** A line per instance (and one per detail of a divergence), then a count of the store's unfinished instances. */
export function textReport(verdicts: readonly InstanceVerdict[], options: { count: boolean }): string[] {
  const lines: string[] = [];
  for (const verdict of verdicts) {
    const label = `${verdict.instanceId}  ${verdict.name}${verdict.version ? ` (version ${verdict.version})` : ''}  ${verdict.runtimeStatus}`;
    const divergence = verdict.divergence;
    if (!divergence) {
      lines.push(`${label}  compatible (${verdict.historyLength} events)`);
      continue;
    }
    lines.push(`${label}  diverges${divergence.historyEvent === undefined ? '' : ` at history event #${divergence.historyEvent}`}`);
    lines.push(`    recorded: ${divergence.recorded}`);
    lines.push(`    now:      ${divergence.now}${divergence.sourceLocation ? ` at ${divergence.sourceLocation}` : ''}`);
  }
  if (!options.count) return lines;
  const { checked, compatible, divergent } = summary(verdicts);
  lines.push(`${checked} unfinished instance${checked === 1 ? '' : 's'} checked: ${compatible} compatible, ${divergent} diverge${divergent === 1 ? 's' : ''}.`);
  return lines;
}

export function jsonReport(verdicts: readonly InstanceVerdict[]): string {
  return JSON.stringify({ ...summary(verdicts), instances: verdicts }, null, 2);
}
