import ts from 'typescript';
import { contextSpelling, durableSpellingForMessages, subjectText } from '../analysis/edits';
import type { Rule, RuleContext } from '../analysis/ruleContext';
import { importTableOf } from '../program/importTable';
import { accessChainFrom, isValueReference, originOfIdentifier, withoutGlobalObject } from '../program/origins';
import { callOf, type ApiPattern } from './apiPatterns';
import { CLOCK_APIS } from './clocks';
import { CURRENT_TIME_APIS } from './currentTime';
import { ENVIRONMENT_APIS } from './environment';
import { IO_APIS } from './io';
import { LOGGING_APIS } from './logging';
import { RANDOMNESS_APIS } from './randomness';
import { TIMER_APIS } from './timers';

/**
 * DUR001-DUR006 and DUR011 for APIs named in the catalogs: each identifier in orchestrator code is resolved to its
 * origin (a global, a module export, or something local that merely shares the name) and matched against them.
 */

const ALL_APIS: readonly ApiPattern[] = [
  ...CURRENT_TIME_APIS, ...RANDOMNESS_APIS, ...TIMER_APIS, ...IO_APIS, ...ENVIRONMENT_APIS, ...CLOCK_APIS, ...LOGGING_APIS,
];

/** Modules that export a global under another name: `import process from 'node:process'` is the global `process`. */
const MODULES_THAT_ARE_GLOBALS: Readonly<Record<string, readonly string[]>> = {
  process: ['process'],
  console: ['console'],
  perf_hooks: [],
};

const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'global', 'window', 'self']);

interface PatternIndex {
  globalsByRoot: Map<string, ApiPattern[]>;
  modules: Map<string, ApiPattern[]>;
  moduleScopes: { prefix: string; patterns: ApiPattern[] }[];
}

function buildIndex(patterns: readonly ApiPattern[]): PatternIndex {
  const index: PatternIndex = { globalsByRoot: new Map(), modules: new Map(), moduleScopes: [] };
  const add = <K>(map: Map<K, ApiPattern[]>, key: K, pattern: ApiPattern) => map.set(key, [...(map.get(key) ?? []), pattern]);
  for (const pattern of patterns) {
    if ('global' in pattern.source) add(index.globalsByRoot, pattern.source.global[0], pattern);
    else if (pattern.source.module.endsWith('/')) index.moduleScopes.push({ prefix: pattern.source.module, patterns: [pattern] });
    else add(index.modules, pattern.source.module, pattern);
  }
  return index;
}

const INDEX = buildIndex(ALL_APIS);

function modulePatterns(module: string): ApiPattern[] | undefined {
  return INDEX.modules.get(module) ?? INDEX.moduleScopes.find((scope) => module.startsWith(scope.prefix))?.patterns;
}

function patternPath(pattern: ApiPattern): readonly string[] {
  return 'global' in pattern.source ? pattern.source.global : pattern.source.path;
}

function longestMatch(patterns: readonly ApiPattern[] | undefined, names: readonly string[]): ApiPattern | undefined {
  let best: ApiPattern | undefined;
  for (const pattern of patterns ?? []) {
    const path = patternPath(pattern);
    if (path.length <= names.length && path.every((name, i) => names[i] === name) && path.length >= (best ? patternPath(best).length : -1)) {
      best = pattern;
    }
  }
  return best;
}

/** Cheap test before asking the checker: could this name be a catalogued global or a catalogued module's binding? */
function mayBeCatalogued(identifier: ts.Identifier, sourceFile: ts.SourceFile): boolean {
  const name = identifier.text;
  if (INDEX.globalsByRoot.has(name) || GLOBAL_OBJECT_NAMES.has(name)) return true;
  const binding = importTableOf(sourceFile).get(name);
  return binding !== undefined && (binding.module in MODULES_THAT_ARE_GLOBALS || modulePatterns(binding.module) !== undefined);
}

export const apiUsageRule: Rule = {
  codes: ['DUR001', 'DUR002', 'DUR003', 'DUR004', 'DUR005', 'DUR006', 'DUR011'],
  reach: 'reachable',
  kinds: [ts.SyntaxKind.Identifier],
  visit(node, context) {
    if (!ts.isIdentifier(node) || !mayBeCatalogued(node, context.sourceFile) || !isValueReference(node)) return;
    const match = matchIdentifier(node, context);
    if (!match) return;
    const { pattern, chain } = match;
    const top = chain.nodes[chain.nodes.length - 1];
    const call = callOf(top);
    if (pattern.usage === 'call' && !call) return;
    const subject = subjectText(top, call !== undefined);
    const spelling = contextSpelling(context.orchestrator);
    const use = { top, call };
    if (pattern.isSafeUse?.(use)) return;
    context.report({
      code: pattern.code,
      node: call ?? top,
      subject,
      message: pattern.describe(subject, durableSpellingForMessages(context)),
      fix: spelling && pattern.fix?.(use, spelling),
    });
  },
};

function matchIdentifier(identifier: ts.Identifier, context: RuleContext) {
  const origin = originOfIdentifier(context.checker, identifier);
  if (origin.kind === 'local') return undefined;
  let chain = accessChainFrom(identifier);
  let names: string[];
  let patterns: ApiPattern[] | undefined;
  if (origin.kind === 'global') {
    chain = withoutGlobalObject(chain);
    names = chain.names;
    patterns = INDEX.globalsByRoot.get(names[0]);
  } else if (origin.module in MODULES_THAT_ARE_GLOBALS) {
    names = [...MODULES_THAT_ARE_GLOBALS[origin.module], ...origin.path, ...chain.names.slice(1)];
    patterns = INDEX.globalsByRoot.get(names[0]);
  } else {
    names = [...origin.path, ...chain.names.slice(1)];
    patterns = modulePatterns(origin.module);
  }
  const pattern = longestMatch(patterns, names);
  return pattern && { pattern, chain };
}
