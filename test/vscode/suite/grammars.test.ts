import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { createTokenizer, type Token } from './grammars';
import { openWorkspaceFile } from './workspaceFiles';

const DURABLE_CALL = 'support.function.durable-call.durable';

function scopesOf(lines: Token[][], text: string): string[] {
  const token = lines.flat().find((candidate) => candidate.text === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(lines.flat().map((t) => t.text))}`);
  return token.scopes;
}

describe('grammars in VS Code', () => {
  let tokenize: Awaited<ReturnType<typeof createTokenizer>>;
  before(async () => {
    tokenize = await createTokenizer();
  });

  it('opens .durable-history.json files as history documents', async () => {
    const editor = await openWorkspaceFile('histories/greeting.durable-history.json');
    assert.strictEqual(editor.document.languageId, 'durable-history');
  });

  it('marks the durable calls of an orchestration context in TypeScript', async () => {
    const lines = await tokenize('source.ts', [
      "const greeting = await ctx.callActivity('SayHello', name);",
      'await context.df.createTimer<void>(deadline);',
    ].join('\n'));
    assert.ok(scopesOf(lines, 'callActivity').includes(DURABLE_CALL));
    assert.ok(scopesOf(lines, 'createTimer').includes(DURABLE_CALL));
  });

  it('leaves look-alikes alone: comments, strings, and properties that are not called', async () => {
    const lines = await tokenize('source.ts', [
      "// ctx.callActivity('SayHello')",
      'const label = "ctx.waitForEvent(name)";',
      'const restart = ctx.continueAsNew;',
    ].join('\n'));
    assert.deepStrictEqual(lines.flat().filter((token) => token.scopes.includes(DURABLE_CALL)), []);
  });

  it('highlights event types in history documents, failures apart, and keeps the JSON valid', async () => {
    const history = (await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'histories/greeting.durable-history.json'))).getText();
    const lines = await tokenize('source.durable-history', history);
    assert.ok(scopesOf(lines, 'TaskScheduled').includes('entity.name.type.event.durable-history'));
    assert.ok(scopesOf(lines, 'TaskFailed').includes('entity.name.type.event.failure.durable-history'));
    assert.ok(!scopesOf(lines, 'SayHello').some((scope) => scope.startsWith('entity.name.type.event')),
      'a name that is not an event type must not be marked');
    const invalid = lines.flat().filter((token) => token.scopes.some((scope) => scope.startsWith('invalid')));
    assert.deepStrictEqual(invalid, []);
  });
});
