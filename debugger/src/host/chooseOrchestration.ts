import type { DurableApp } from 'durable-ts';

export class LaunchConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchConfigurationError';
  }
}

/** The orchestration the launch names, or the app's only one. */
export function chooseOrchestration(app: DurableApp, requested: string | undefined, program: string): string {
  const names = app.orchestrationNames();
  if (requested) {
    if (!app.hasOrchestration(requested)) {
      throw new LaunchConfigurationError(`${program} registers no orchestration '${requested}'. It registers: ${names.join(', ')}.`);
    }
    return requested;
  }
  if (names.length === 1) return names[0];
  throw new LaunchConfigurationError(`${program} registers ${names.length} orchestrations (${names.join(', ')}): set "orchestration" in the launch configuration.`);
}
