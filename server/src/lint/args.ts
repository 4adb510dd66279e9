import { DEFAULT_LINT_SETTINGS, parseSeveritySetting, type LintSettings } from '../analyzer/settings';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintArguments {
  paths: string[];
  format: OutputFormat;
  settings: LintSettings;
  /** How many processes a large lint may be shared out among (see ./shards); `auto`: one per idle core. */
  concurrency: number | 'auto';
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: durable-ts lint [paths...] [options]

Checks orchestrators for code that behaves differently on replay (rules DUR000-DUR013).
Paths are files or folders; without any, the project in the working directory.

Options:
  --format text|json|sarif   output format (default: text)
  --rule DUR011=off          set a rule's severity: error, warning, information or off (repeatable)
  --no-type-aware            skip the rules that need types (DUR007, DUR010); faster
  --concurrency N|auto       processes to share a lint of 100 files or more among (default: auto, one per idle core)
  -h, --help                 show this help

Exit code: 0 when no errors were found, 1 when some were, 2 on a usage problem.
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export function parseLintArguments(argv: readonly string[]): LintArguments {
  const parsed: LintArguments = { paths: [], format: 'text', settings: { ...DEFAULT_LINT_SETTINGS, severity: {} }, concurrency: 'auto', help: false };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    // `--format=json` and `--format json` are the same.
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    const inlineValue = equals > 0 ? argument.slice(equals + 1) : undefined;
    const value = (): string => {
      const next = inlineValue ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '--format': {
        const format = value();
        if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`Unknown format "${format}"; use text, json or sarif.`);
        parsed.format = format as OutputFormat;
        break;
      }
      case '--rule': {
        const setting = value();
        const [code, severity] = setting.split('=');
        if (severity === undefined) throw new UsageError(`--rule takes CODE=SEVERITY, like --rule DUR011=off; got "${setting}".`);
        const [rule, level] = parseSeveritySetting(code, severity);
        parsed.settings.severity[rule] = level;
        break;
      }
      case '--concurrency': {
        const concurrency = value();
        if (concurrency !== 'auto' && !/^[1-9]\d*$/.test(concurrency)) throw new UsageError(`--concurrency takes a number of processes or auto; got "${concurrency}".`);
        parsed.concurrency = concurrency === 'auto' ? 'auto' : Number(concurrency);
        break;
      }
      case '--no-type-aware':
        parsed.settings.typeAware = false;
        break;
      default:
        if (argument.startsWith('-') && argument !== '-') throw new UsageError(`Unknown option "${argument}".`);
        parsed.paths.push(argument);
    }
  }
  return parsed;
}
