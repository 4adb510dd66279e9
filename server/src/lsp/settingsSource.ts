import type { Connection } from 'vscode-languageserver';
import { DEFAULT_LINT_SETTINGS, InvalidSettingsError, parseLintSettings, type LintSettings } from '../analyzer/index';

export const SETTINGS_SECTION = 'durableTs.lint';

/**
 * Reads `durableTs.lint` (pulled with workspace/configuration when the client supports it, else taken from
 * the pushed didChangeConfiguration payload). Invalid settings are reported to the user and replaced by defaults.
 */
export async function readLintSettings(connection: Connection, canPull: boolean, pushed?: unknown): Promise<LintSettings> {
  const raw = canPull
    ? await connection.workspace.getConfiguration({ section: SETTINGS_SECTION })
    : (pushed as { durableTs?: { lint?: unknown } } | undefined)?.durableTs?.lint;
  try {
    return parseLintSettings(raw);
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error;
    void connection.window.showWarningMessage(`Durable TS: ${error.message} Using the default settings.`);
    return { ...DEFAULT_LINT_SETTINGS, severity: {} };
  }
}
