import ts from 'typescript';
import type { FunctionWithBody } from '../program/functions';
import type { Orchestrator } from '../program/orchestrators';
import type { Finding } from '../findings';
import { ALL_RULES } from '../rules/allRules';
import { isRuleEnabled, severityOf, type LintSettings } from '../settings';
import { contextLoggingMessage, contextLoggingThrough } from '../rules/contextLogging';
import { brokenFunctionJsonOfFile } from './brokenFunctionJson';
import { calleeLink, followedCallee, hazardsReachableThrough } from './callChains';
import { mayWaitAfter } from './laterWaits';
import { runsOnlyWhenNotReplaying } from './replayGuards';
import { ProgramAnalysis } from './programAnalysis';
import type { Hazard, RuleContext } from './ruleContext';
import { suppressionsOf } from './suppressions';
import { walkFunctionBody } from './walk';

/**
 * Findings for one file of a program: every orchestrator in it is walked with the enabled rules, and calls into
 * workspace functions report what can be reached through them at the call site.
 */
export function analyzeSourceFile(program: ts.Program, sourceFile: ts.SourceFile, settings: LintSettings): Finding[] {
  if (!settings.enable) return [];
  const suppressions = suppressionsOf(sourceFile);
  if (suppressions.suppressesEverything()) return [];
  const analysis = ProgramAnalysis.of(program, settings.typeAware);
  const rules = ALL_RULES.filter((rule) => rule.codes.some((code) => isRuleEnabled(settings, code)));
  // Chains are memoized per program, so they are explored with every reachable rule whatever the settings.
  const reachableRules = ALL_RULES.filter((rule) => rule.reach === 'reachable');
  const orchestrators = analysis.orchestratorsIn(sourceFile);
  const hazards: Hazard[] = [...parseErrorOf(program, sourceFile), ...brokenFunctionJsonOfFile(analysis, sourceFile, orchestrators)];

  for (const orchestrator of orchestrators) {
    const found: Hazard[] = [];
    const context: RuleContext = {
      analysis,
      checker: analysis.checker,
      sourceFile,
      orchestrator,
      flavor: orchestrator.flavor,
      report: (hazard) => found.push(hazard),
    };
    walkFunctionBody(orchestrator.fn, rules, context, (call) => {
      const callee = followedCallee(analysis, call, orchestrator.fn);
      if (!callee) return;
      for (const below of hazardsReachableThrough(analysis, callee, reachableRules, orchestrator.flavor)) {
        const chain = [calleeLink(callee), ...below.links].join(' → ');
        found.push({ code: below.code, node: call.expression, subject: chain, message: `${chain}: ${below.message}` });
      }
      if (ts.isCallExpression(call)) found.push(...loggingThroughContextArgument(analysis, call, callee, orchestrator));
    });
    hazards.push(...found.filter((hazard) => hazard.code !== 'DUR011' || repeatsOnReplay(hazard.node, orchestrator)));
  }

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const hazard of hazards) {
    const severity = severityOf(settings, hazard.code);
    if (severity === 'off' || !isRuleEnabled(settings, hazard.code)) continue;
    const start = hazard.range?.start ?? hazard.node.getStart(sourceFile);
    const end = hazard.range?.end ?? hazard.node.getEnd();
    const key = `${hazard.code}:${start}:${end}`;
    if (seen.has(key) || suppressions.suppresses(hazard.code, sourceFile.getLineAndCharacterOfPosition(start).line)) continue;
    seen.add(key);
    findings.push({
      fileName: sourceFile.fileName,
      code: hazard.code,
      severity,
      message: hazard.message,
      start,
      end,
      fixes: hazard.fix ? [hazard.fix] : [],
    });
  }
  return withoutRedundantAwaitFindings(findings).sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/**
 * The first syntax error of a file, as a finding: the file would not load, and its orchestrators are checked only
 * as far as the parser could recover them. (TypeScript-only syntax in a JavaScript file parses and is not one.)
 */
function parseErrorOf(program: ts.Program, sourceFile: ts.SourceFile): Hazard[] {
  const error = program.getSyntacticDiagnostics(sourceFile).find((diagnostic) => !JS_GRAMMAR_CODES.has(diagnostic.code));
  if (!error || error.start === undefined) return [];
  const text = ts.flattenDiagnosticMessageText(error.messageText, ' ');
  const start = error.start;
  return [{
    code: 'DUR000',
    node: sourceFile,
    range: { start, end: Math.min(sourceFile.text.length, start + Math.max(error.length ?? 0, 1)) },
    subject: text,
    message: `This file does not parse (${text}), so it would not load and its orchestrators were checked only in part.`,
  }];
}

/** "Type annotations can only be used in TypeScript files" and its kin: grammar checks, not parse errors. */
const JS_GRAMMAR_CODES = new Set([8002, 8003, 8004, 8005, 8006, 8008, 8009, 8010, 8011, 8012, 8013, 8016, 8017, 8037, 8038]);

/** `logStep(context, ...)`: a helper handed the orchestration context that logs with it. */
function loggingThroughContextArgument(analysis: ProgramAnalysis, call: ts.CallExpression, callee: FunctionWithBody, orchestrator: Orchestrator): Hazard[] {
  const contextName = orchestrator.contextName;
  if (!contextName || orchestrator.flavor !== 'durable-functions') return [];
  const index = call.arguments.findIndex((argument) => ts.isIdentifier(argument) && argument.text === contextName);
  const logging = index >= 0 ? contextLoggingThrough(analysis, callee, index) : undefined;
  if (!logging) return [];
  const chain = [calleeLink(callee), ...logging].join(' → ');
  return [{ code: 'DUR011', node: call.expression, subject: chain, message: `${chain}: ${contextLoggingMessage(logging.at(-1)!)}` }];
}

/**
 * Logging repeats only when the orchestrator is replayed past it: not under a replay guard, and with a wait
 * still possible after it (logging after the last wait, or in a `catch` that returns, runs once).
 */
function repeatsOnReplay(node: ts.Node, orchestrator: Orchestrator): boolean {
  return !runsOnlyWhenNotReplaying(node) && mayWaitAfter(node, orchestrator.fn);
}

/**
 * `await fetch(url)` is both I/O (DUR004) and a non-durable await (DUR007); the specific rule says more, so
 * DUR007 is dropped when another finding lies inside its range.
 */
function withoutRedundantAwaitFindings(findings: Finding[]): Finding[] {
  return findings.filter((finding) =>
    finding.code !== 'DUR007' ||
    !findings.some((other) => other !== finding && other.code !== 'DUR007' && other.start >= finding.start && other.end <= finding.end),
  );
}
