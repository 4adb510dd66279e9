import type {
  ActivityFunction,
  ActivityHandle,
  OrchestrationHandle,
  OrchestratorFunction,
} from './types';
import { DurableError, UnknownActivityError, UnknownOrchestrationError } from './errors';
import type { EntityFunction, EntityHandle, EntityOperations } from '../entities/types';
import { toEntityFunction } from '../entities/registration';
import { UnknownEntityError } from '../entities/errors';

/** The registry of an app's orchestrations, activities and entities. */
export class DurableApp {
  private readonly orchestrations = new Map<string, OrchestratorFunction>();
  private readonly activities = new Map<string, ActivityFunction>();
  /** By name in lower case: entity ids compare names without case, as Durable Functions does. */
  private readonly entities = new Map<string, { name: string; fn: EntityFunction }>();

  activity<TInput = any, TOutput = any>(
    name: string,
    fn: ActivityFunction<TInput, TOutput>,
  ): ActivityHandle<TInput, Awaited<TOutput>> {
    this.register(this.activities, 'activity', name, fn);
    return { kind: 'activity', name };
  }

  orchestration<TInput = any, TOutput = any>(
    name: string,
    fn: OrchestratorFunction<TInput, TOutput>,
  ): OrchestrationHandle<TInput, Awaited<TOutput>> {
    this.register(this.orchestrations, 'orchestration', name, fn);
    return { kind: 'orchestration', name };
  }

  /**
   * An entity: one function that dispatches on `ctx.operationName`, or an object whose methods are its operations
   * (`(ctx, input) => result`), whose handle then types each operation's input and result.
   */
  entity<TState = any>(name: string, fn: EntityFunction<TState>): EntityHandle;
  entity<TOps extends EntityOperations>(name: string, operations: TOps): EntityHandle<TOps>;
  entity(name: string, handler: EntityFunction | EntityOperations): EntityHandle<any> {
    if (typeof name !== 'string' || name.length === 0 || name.includes('@')) throw new DurableError(`An entity needs a non-empty name without '@', got '${String(name)}'.`);
    this.entities.set(name.toLowerCase(), { name, fn: toEntityFunction(name, handler) });
    return { kind: 'entity', name, id: (key: string) => ({ name, key }) };
  }

  getEntity(name: string): EntityFunction {
    const entity = this.entities.get(name.toLowerCase());
    if (!entity) throw new UnknownEntityError(name, this.entityNames());
    return entity.fn;
  }

  hasEntity(name: string): boolean {
    return this.entities.has(name.toLowerCase());
  }

  entityNames(): string[] {
    return [...this.entities.values()].map((entity) => entity.name);
  }

  getOrchestrator(name: string): OrchestratorFunction {
    const fn = this.orchestrations.get(name);
    if (!fn) throw new UnknownOrchestrationError(name, this.orchestrationNames());
    return fn;
  }

  getActivity(name: string): ActivityFunction {
    const fn = this.activities.get(name);
    if (!fn) throw new UnknownActivityError(name, this.activityNames());
    return fn;
  }

  hasOrchestration(name: string): boolean {
    return this.orchestrations.has(name);
  }

  orchestrationNames(): string[] {
    return [...this.orchestrations.keys()];
  }

  activityNames(): string[] {
    return [...this.activities.keys()];
  }

  private register<F>(registry: Map<string, F>, kind: string, name: string, fn: F): void {
    if (typeof name !== 'string' || name.length === 0) throw new DurableError(`An ${kind} needs a non-empty name.`);
    if (typeof fn !== 'function') throw new DurableError(`The ${kind} '${name}' must be registered with a function.`);
    // Re-registering the same name (a module loaded twice, hot reload) replaces the function rather than failing.
    registry.set(name, fn);
  }
}

/**
 * The default app. Kept on a global symbol so that an app module and the host that loads it share one
 * registry even when they resolve two copies of this package.
 */
const appKey = Symbol.for('durable-ts.app');
const globalSlot = globalThis as { [appKey]?: DurableApp };
export const app: DurableApp = (globalSlot[appKey] ??= new DurableApp());

export function nameOf(target: string | { name: string }): string {
  return typeof target === 'string' ? target : target.name;
}
