import type { StopContext } from '../shared/hostProtocol';

/**
 * The words a stop is shown with, saying where in the orchestration's history it happened, after why it landed
 * there when that needs saying: "breakpoint — replay 3, history event #12 of 40", "step — activity 'SayHello'
 * result replayed from history, replay 2, history event #6 of 13".
 */
export function describeStop(reason: string, context: StopContext | undefined, note?: string): string {
  const details = [note, context && whereInHistory(context)].filter((part) => part !== undefined);
  return details.length ? `${reason} — ${details.join(', ')}` : reason;
}

function whereInHistory(context: StopContext): string {
  if (context.activity) return `in activity '${context.activity.name}' of ${context.name} ${context.instanceId}`;
  // Numbered as the History scope, the debug console and `durable-ts history` number events: from #0.
  const event = `history event #${context.position} of ${context.historyLength}`;
  if (context.travelling) return `back in history (replay ${context.replayNumber}), ${event}`;
  if (context.replaying) return `replay ${context.replayNumber}, ${event}`;
  return `live${context.replayNumber > 0 ? ` after replay ${context.replayNumber}` : ''}, ${event}`;
}
