import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { HistoryEvent } from 'durable-ts';
import type { RemoteObject } from '../runtime/cdpTypes';
import type { ReplayDebugRuntime } from '../runtime/replayDebugRuntime';
import { formatHistoryEvent } from '../runtime/historyText';
import { jsonValueText, parsePayload, remoteValueText } from './remoteValues';

/** What a variables reference expands to. */
type Container =
  | { kind: 'scopes'; frameIndex: number; scopes: { objectId: string; scopeNumber: number }[] }
  | { kind: 'object'; objectId: string }
  | { kind: 'orchestration' }
  | { kind: 'entity' }
  /** `position`: the event the code is at (marked); undefined for another instance's history (a sub-orchestration's). */
  | { kind: 'history'; instanceId: string; position?: number }
  /** A sub-orchestration's creation: its fields, and the child's recorded history. */
  | { kind: 'childCreated'; event: HistoryEvent }
  | { kind: 'json'; value: object };

/**
 * The Variables tree of one stop: JavaScript scopes and objects read from the debuggee, plus the Orchestration and
 * History scopes built from the host's replay state (or, in an entity's operation, the Entity scope). References are valid until the debuggee runs again.
 */
export class VariableTree {
  private handles = new Handles<Container>();
  /** Variables set during this stop, by scope object and name. */
  private readonly edited = new Map<string, RemoteObject>();

  constructor(private readonly runtime: ReplayDebugRuntime) {}

  reset(): void {
    this.handles = new Handles<Container>();
    this.edited.clear();
  }

  scopes(frameIndex: number): DebugProtocol.Scope[] {
    const frame = this.runtime.callFrame(frameIndex);
    if (!frame) return [];
    const numbered = frame.scopeChain.map((scope, scopeNumber) => ({ scope, scopeNumber }));
    const local = numbered.filter(({ scope }) => scope.type === 'local' || scope.type === 'block' || scope.type === 'catch');
    const closure = numbered.filter(({ scope }) => scope.type === 'closure' || scope.type === 'module' || scope.type === 'script');
    const container = (scopes: typeof numbered): Container => ({
      kind: 'scopes',
      frameIndex,
      scopes: scopes.flatMap(({ scope, scopeNumber }) => (scope.object.objectId ? [{ objectId: scope.object.objectId, scopeNumber }] : [])),
    });
    const scopes: DebugProtocol.Scope[] = [];
    const add = (name: string, container: Container, expensive = false) =>
      scopes.push({ name, variablesReference: this.handles.create(container), expensive, presentationHint: name === 'Locals' ? 'locals' : undefined });
    add('Locals', container(local));
    if (closure.length) add('Closure', container(closure));
    if (this.runtime.entityOperation) add('Entity', { kind: 'entity' });
    const context = this.runtime.stopContext;
    if (context) {
      add('Orchestration', { kind: 'orchestration' });
      add('History', { kind: 'history', instanceId: context.instanceId, position: context.position }, true);
    }
    return scopes;
  }

  async variables(reference: number): Promise<DebugProtocol.Variable[]> {
    const container = this.handles.get(reference);
    switch (container?.kind) {
      case 'scopes':
        return this.scopeVariables(container.scopes.map((scope) => scope.objectId));
      case 'object':
        return this.objectVariables(container.objectId);
      case 'orchestration':
        return this.orchestrationVariables();
      case 'entity':
        return this.entityVariables();
      case 'history':
        return this.historyVariables(container.instanceId, container.position);
      case 'childCreated':
        return [
          ...Object.entries(readableEvent(container.event)).map(([name, value]) => this.jsonVariable(name, value)),
          { name: 'history', value: `of ${container.event.InstanceId}`, variablesReference: this.handles.create({ kind: 'history', instanceId: container.event.InstanceId! }) },
        ];
      case 'json':
        return Object.entries(container.value).map(([name, value]) => this.jsonVariable(name, value));
      default:
        return [];
    }
  }

  remoteVariable(name: string, value: RemoteObject): DebugProtocol.Variable {
    const expandable = value.objectId && value.type !== 'function' && value.subtype !== 'null';
    return {
      name,
      value: remoteValueText(value),
      type: value.className ?? value.type,
      variablesReference: expandable ? this.handles.create({ kind: 'object', objectId: value.objectId! }) : 0,
    };
  }

  /**
   * Gives a local, a closure variable or an object's property the value of `expression`, evaluated in the frame
   * (the top one for an object's property). History and Orchestration values are what was recorded: read only.
   */
  async setVariable(reference: number, name: string, expression: string, frameIndex: number | undefined): Promise<DebugProtocol.Variable> {
    const container = this.handles.get(reference);
    if (container?.kind === 'scopes') {
      const value = await this.runtime.evaluate(expression, container.frameIndex);
      for (const { objectId, scopeNumber } of container.scopes) {
        // The innermost scope that declares the name is the one the code reads.
        if (!(await this.runtime.properties(objectId)).some((property) => property.name === name)) continue;
        await this.runtime.setScopeVariable(container.frameIndex, scopeNumber, name, value);
        const now = await this.runtime.evaluate(name, container.frameIndex);
        if (remoteValueText(now) !== remoteValueText(value)) throw new Error(`'${name}' kept its value: V8 would not change it.`);
        // The scope objects of a stop are copies taken when it paused: they would show the old value.
        this.edited.set(editKey(objectId, name), now);
        return this.remoteVariable(name, now);
      }
      throw new Error(`No variable '${name}' in this scope.`);
    }
    if (container?.kind === 'object') {
      return this.remoteVariable(name, await this.runtime.setProperty(container.objectId, name, await this.runtime.evaluate(expression, frameIndex)));
    }
    throw new Error('History and Orchestration values are what the history recorded: they cannot be changed. Change a local variable instead.');
  }

  private async scopeVariables(ids: string[]): Promise<DebugProtocol.Variable[]> {
    const seen = new Set<string>();
    const variables: DebugProtocol.Variable[] = [];
    for (const id of ids) {
      for (const variable of await this.objectVariables(id, (name) => this.edited.get(editKey(id, name)))) {
        // An inner scope's binding hides an outer one of the same name, as in the code.
        if (seen.has(variable.name)) continue;
        seen.add(variable.name);
        variables.push(variable);
      }
    }
    return variables;
  }

  private async objectVariables(objectId: string, edited: (name: string) => RemoteObject | undefined = () => undefined): Promise<DebugProtocol.Variable[]> {
    const properties = await this.runtime.properties(objectId);
    return properties
      .filter((property) => property.value && property.name !== '__proto__')
      .map((property) => this.remoteVariable(property.name, edited(property.name) ?? property.value!));
  }

  private orchestrationVariables(): DebugProtocol.Variable[] {
    const context = this.runtime.stopContext;
    if (!context) return [];
    const entries: [string, unknown][] = [
      ['instance id', context.instanceId],
      ['name', context.name],
      ['status', context.status],
      ['replaying', context.replaying],
      ['replay number', context.replayNumber],
      ['history position', `#${context.position} of ${context.historyLength}`],
      ['current time', context.currentTime],
      ['pending tasks', context.pendingTasks],
    ];
    if (context.travelling) entries.push(['back in history', true]);
    if (context.activity) entries.push(['activity', context.activity]);
    return entries.map(([name, value]) => this.jsonVariable(name, value, true));
  }

  /** The entity operation the stop is in: its state as the operation has it so far (read only here). */
  private entityVariables(): DebugProtocol.Variable[] {
    const operation = this.runtime.entityOperation;
    if (!operation) return [];
    return [
      this.jsonVariable('entity', operation.entityId, true),
      this.jsonVariable('operation', operation.operationName, true),
      this.jsonVariable('input', operation.input),
      this.jsonVariable('state', operation.state),
    ];
  }

  private async historyVariables(instanceId: string, position: number | undefined): Promise<DebugProtocol.Variable[]> {
    const history = await this.runtime.history(instanceId);
    return history.map((event, index) => {
      const marker = position === undefined ? '' : index === position ? '  ◀ here' : index > position ? '  (ahead)' : '';
      const childCreated = event.EventType === 'SubOrchestrationInstanceCreated' && event.InstanceId !== undefined;
      return {
        name: `#${event.EventId}`,
        value: `${formatHistoryEvent(event).replace(/^#\d+ /, '')}${marker}`,
        variablesReference: this.handles.create(childCreated ? { kind: 'childCreated', event } : { kind: 'json', value: readableEvent(event) }),
      };
    });
  }

  private jsonVariable(name: string, value: unknown, plainStrings = false): DebugProtocol.Variable {
    const expandable = value !== null && typeof value === 'object' && Object.keys(value).length > 0;
    return {
      name,
      value: plainStrings && typeof value === 'string' ? value : jsonValueText(value),
      variablesReference: expandable ? this.handles.create({ kind: 'json', value: value as object }) : 0,
    };
  }
}

/** A history event with its JSON payloads decoded, so they expand like any value. */
function readableEvent(event: HistoryEvent): Record<string, unknown> {
  const readable: Record<string, unknown> = { ...event };
  for (const field of ['Input', 'Result', 'Details'] as const) {
    if (event[field] !== undefined) readable[field] = parsePayload(event[field]);
  }
  return readable;
}

function editKey(scopeObjectId: string, name: string): string {
  return `${scopeObjectId}\n${name}`;
}
