import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

export interface Token {
  text: string;
  scopes: string[];
}

/**
 * Tokenizes with the TextMate engine VS Code uses, over the grammars the installed extensions contribute (the
 * built-in TypeScript and JSON ones included), so the extension's grammars are checked against the very
 * grammars they extend.
 */
export async function createTokenizer(): Promise<(scopeName: string, text: string) => Promise<Token[][]>> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarFiles = new Map<string, string>();
  const injections = new Map<string, string[]>();
  for (const extension of vscode.extensions.all) {
    const contributions: GrammarContribution[] = extension.packageJSON?.contributes?.grammars ?? [];
    for (const grammar of contributions) {
      grammarFiles.set(grammar.scopeName, path.join(extension.extensionPath, grammar.path));
      for (const target of grammar.injectTo ?? []) injections.set(target, [...(injections.get(target) ?? []), grammar.scopeName]);
    }
  }
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles.get(scopeName);
      return file ? parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => injections.get(scopeName),
  });
  const loaded = new Map<string, IGrammar>();
  return async (scopeName, text) => {
    let grammar = loaded.get(scopeName);
    if (!grammar) {
      const found = await registry.loadGrammar(scopeName);
      if (!found) throw new Error(`no installed extension contributes a grammar for ${scopeName}`);
      grammar = found;
      loaded.set(scopeName, grammar);
    }
    let state = INITIAL;
    return text.split('\n').map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
    });
  };
}
