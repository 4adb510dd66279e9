import type { StopContext } from '../shared/hostProtocol';

/**
 * The words a stop is shown with, saying where in the orchestration's history it happened:
 * "breakpoint — replay 3, history event 12 of 40".
 */
export function describeStop(reason: string, context: StopContext | undefined): string {
  if (!context) return reason;
  if (context.activity) return `${reason} — in activity '${context.activity.name}' of ${context.name} ${context.instanceId}`;
  const event = `history event ${context.position + 1} of ${context.historyLength}`;
  if (context.travelling) return `${reason} — back in history (replay ${context.replayNumber}), ${event}`;
  if (context.replaying) return `${reason} — replay ${context.replayNumber}, ${event}`;
  return `${reason} — live${context.replayNumber > 0 ? ` after replay ${context.replayNumber}` : ''}, ${event}`;
}
