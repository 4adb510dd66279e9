import * as path from 'node:path';

/** The part of `durable-ts check --format json` the editor uses. */
export interface CheckReport {
  instances: {
    instanceId: string;
    name: string;
    compatible: boolean;
    divergence?: { historyEvent?: number; recorded: string; now: string; sourceLocation?: string };
  }[];
}

/** What to show on one line of the saved file: the in-flight instances a change there would fail. */
export interface LineFinding {
  /** 0-based. */
  line: number;
  message: string;
  orchestration: string;
  instanceIds: string[];
  /** A patch id for guarding the new call: the name it calls (an activity's, a sub-orchestration's) or 'change'. */
  patchId: string;
}

/**
 * The check's divergences that belong to `file`: at the line of the new call when the code made one, else (a call
 * or a patch the code dropped) at the line that registers the orchestration. One finding per line.
 */
export function findingsFor(file: string, text: string, report: CheckReport): LineFinding[] {
  const byLine = new Map<number, LineFinding>();
  for (const instance of report.instances) {
    const divergence = instance.divergence;
    if (instance.compatible || !divergence) continue;
    const line = divergence.sourceLocation ? lineIn(file, divergence.sourceLocation) : registrationLine(text, instance.name);
    if (line === undefined) continue;
    const found = byLine.get(line);
    if (found) {
      found.instanceIds.push(instance.instanceId);
      found.message = message(found.instanceIds.length, instance.name, divergence);
    } else {
      const patchId = /'([^']+)'/.exec(divergence.now)?.[1] ?? 'change';
      byLine.set(line, { line, orchestration: instance.name, instanceIds: [instance.instanceId], message: message(1, instance.name, divergence), patchId });
    }
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

function message(count: number, name: string, divergence: NonNullable<CheckReport['instances'][number]['divergence']>): string {
  const event = divergence.historyEvent === undefined ? '' : `history event #${divergence.historyEvent} `;
  const now = divergence.now.replace(/^the code called /, 'this line now calls ');
  return `${count} in-flight instance${count === 1 ? '' : 's'} of \`${name}\` would fail on replay: ${event}recorded ${divergence.recorded}; ${now}.`;
}

/** `file:line:column` → the 0-based line, when the location is in `file`. */
function lineIn(file: string, location: string): number | undefined {
  const match = /^(.*):(\d+):\d+$/.exec(location);
  if (!match || path.resolve(match[1]) !== path.resolve(file)) return undefined;
  return Number(match[2]) - 1;
}

function registrationLine(text: string, name: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.includes(`orchestration('${name}'`) || line.includes(`orchestration("${name}"`));
  return index < 0 ? undefined : index;
}

/**
 * The patch guard for a line that now makes a call old instances never made: `if (ctx.patched('id')) ` before its
 * statement, with the line's own context variable. Undefined when the line makes no durable call to guard.
 */
export function patchGuard(lineText: string, patchId: string): { column: number; text: string } | undefined {
  const call = /(\w+)\.(?:callActivity|callSubOrchestration|createTimer|waitForEvent)\(/.exec(lineText);
  // Only a statement that can be skipped: a guarded declaration does not compile, a guarded return changes the old path.
  if (!call || /^\s*(const|let|var|return)\b/.test(lineText)) return undefined;
  const column = lineText.length - lineText.trimStart().length;
  return { column, text: `if (${call[1]}.patched('${patchId}')) ` };
}
