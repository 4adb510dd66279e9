import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app as globalApp, DurableApp } from '../api/app';
import { DurableError } from '../api/errors';
import { TypeScriptLoadError } from './stripTypes';
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
  let loaded: { default?: unknown; app?: unknown };
  try {
    loaded = await import(pathToFileURL(absolute).href);
  } catch (error) {
    throw explainLoadFailure(error);
  }
  const candidates = [loaded.default, (loaded.default as { default?: unknown } | undefined)?.default, loaded.app];
  const exported = candidates.find((candidate): candidate is DurableApp => isApp(candidate));
  const app = exported ?? globalApp;
  if (app.orchestrationNames().length === 0 && app.entityNames().length === 0) {
    throw new AppLoadError(`${absolute} registers no orchestrations. Register them with app.orchestration(name, fn) from 'durable-ts'.`);
  }
  return app;
}

/**
 * Turn the load failures that type erasure causes into errors that say what to change. ESM files are loaded on
 * Node's loader thread, so a TypeScriptLoadError from there arrives as a plain Error bearing its name.
 */
function explainLoadFailure(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'TypeScriptLoadError' && !(error instanceof TypeScriptLoadError)) return new TypeScriptLoadError(error.message);
  const missingExport = /does not provide an export named '([^']+)'/.exec(error.message);
  if (error instanceof SyntaxError && missingExport) {
    // Node puts the importing module's URL and line first in the stack of a link error.
    const where = /^(file:\/\/\S+:\d+)$/m.exec(error.stack ?? '')?.[1];
    return new AppLoadError(
      `${where ? `${where}: ` : ''}${error.message}. If '${missingExport[1]}' is a type, import it with \`import type\` ` +
        `(or \`import { type ${missingExport[1]} }\`): types are erased, not resolved.`,
    );
  }
  return error;
}

function isApp(value: unknown): value is DurableApp {
  return value instanceof DurableApp || (typeof value === 'object' && value !== null && typeof (value as DurableApp).getOrchestrator === 'function');
}
