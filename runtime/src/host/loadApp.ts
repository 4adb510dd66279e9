import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app as globalApp, DurableApp } from '../api/app';
import { DurableError } from '../api/errors';
import { registerTypeScript } from './typescriptSupport';

export class AppLoadError extends DurableError {}

/**
 * Load a user's app module (TypeScript or JavaScript, ESM or CommonJS) with no build step and return its
 * registry: the module's default or `app` export, else the shared default app its registrations went to.
 */
export async function loadApp(file: string): Promise<DurableApp> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new AppLoadError(`Cannot find the app module ${absolute}.`);
  registerTypeScript();
  const loaded = (await import(pathToFileURL(absolute).href)) as { default?: unknown; app?: unknown };
  const candidates = [loaded.default, (loaded.default as { default?: unknown } | undefined)?.default, loaded.app];
  const exported = candidates.find((candidate): candidate is DurableApp => isApp(candidate));
  const app = exported ?? globalApp;
  if (app.orchestrationNames().length === 0) {
    throw new AppLoadError(`${absolute} registers no orchestrations. Register them with app.orchestration(name, fn) from 'durable-ts'.`);
  }
  return app;
}

function isApp(value: unknown): value is DurableApp {
  return value instanceof DurableApp || (typeof value === 'object' && value !== null && typeof (value as DurableApp).getOrchestrator === 'function');
}
