import type { RuleCode, Severity } from './findings';
import { RULES, RULE_CODES, isRuleCode } from './rules/catalog';

export type SeveritySetting = Severity | 'off';

/** The `durableTs.lint` settings section, as the editor and the CLI hand it to the analyzer. */
export interface LintSettings {
  enable: boolean;
  /** Run the rules that need the type checker's types (DUR007, DUR010). Off makes each edit cheaper. */
  typeAware: boolean;
  severity: Partial<Record<RuleCode, SeveritySetting>>;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = Object.freeze({ enable: true, typeAware: true, severity: {} });

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'off'];

export class InvalidSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSettingsError';
  }
}

export function severityOf(settings: LintSettings, code: RuleCode): SeveritySetting {
  return settings.severity[code] ?? RULES[code].defaultSeverity;
}

export function isRuleEnabled(settings: LintSettings, code: RuleCode): boolean {
  if (severityOf(settings, code) === 'off') return false;
  return settings.typeAware || !RULES[code].typeAware;
}

export function parseSeveritySetting(code: string, value: unknown): [RuleCode, SeveritySetting] {
  const upper = code.toUpperCase();
  if (!isRuleCode(upper)) {
    throw new InvalidSettingsError(`Unknown rule "${code}"; the rules are ${RULE_CODES.join(', ')}.`);
  }
  if (typeof value !== 'string' || !SEVERITY_SETTINGS.includes(value as SeveritySetting)) {
    throw new InvalidSettingsError(
      `Invalid severity ${JSON.stringify(value)} for ${upper}; use one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}.`,
    );
  }
  return [upper, value as SeveritySetting];
}

/**
 * Validates a settings object of unknown shape (from `workspace/configuration` or a CLI flag).
 * Missing fields take their defaults; wrong ones throw InvalidSettingsError naming the field.
 */
export function parseLintSettings(raw: unknown): LintSettings {
  if (raw === undefined || raw === null) return { ...DEFAULT_LINT_SETTINGS, severity: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidSettingsError('durableTs.lint must be an object like { "enable": true, "severity": { "DUR011": "off" } }.');
  }
  const record = raw as Record<string, unknown>;
  const settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, severity: {} };
  for (const key of ['enable', 'typeAware'] as const) {
    if (record[key] === undefined) continue;
    if (typeof record[key] !== 'boolean') throw new InvalidSettingsError(`durableTs.lint.${key} must be true or false.`);
    settings[key] = record[key] as boolean;
  }
  if (record.severity !== undefined) {
    if (typeof record.severity !== 'object' || record.severity === null || Array.isArray(record.severity)) {
      throw new InvalidSettingsError('durableTs.lint.severity must map rule codes to "error", "warning", "information" or "off".');
    }
    for (const [code, value] of Object.entries(record.severity)) {
      const [rule, severity] = parseSeveritySetting(code, value);
      settings.severity[rule] = severity;
    }
  }
  return settings;
}
