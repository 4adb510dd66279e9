import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyFixture, removeFixtureCopy } from './support/fixtures';
import { LspTestClient } from './support/lspClient';

const OPENED_TEXT = `import { app } from 'durable-ts';

app.orchestration('Opened', async (ctx) => {
  const deadline = Date.now() + 60_000;
  return deadline;
});
`;

/** The server in a child process, driven over the protocol by a client, as an editor drives it. */
describe('language server over the protocol', function () {
  this.timeout(60000);
  let workspace: string;
  let client: LspTestClient;

  beforeEach(() => {
    workspace = copyFixture('lsp-workspace');
  });

  afterEach(async () => {
    if (client && client.child.exitCode === null) client.child.kill();
    removeFixtureCopy(workspace);
  });

  const uriOf = (relative: string) => pathToFileURL(path.join(workspace, relative)).href;
  const codesIn = (uri: string) => (client.latestDiagnostics(uri)?.diagnostics ?? []).map((diagnostic) => diagnostic.code);
  /** What the server sent before initialize, answering the documents the extension sent as it forked it. */
  const shownFindings = () => client.otherNotifications.filter(({ method }) => method === '$/durableTs/shownFindings').map(({ params }) => params as PublishDiagnosticsParams);

  it('over stdio: checks the workspace with progress, lints an opened document, applies a quick fix', async () => {
    client = LspTestClient.start('stdio');
    const init = (await client.initialize(workspace, { debounceMs: 50 })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider);

    // Start-up: the whole workspace is analysed (a file nobody opened gets its diagnostic) with progress.
    const closedUri = uriOf('src/closedOrchestrator.ts');
    await client.waitFor('workspace progress to end', () => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    await client.waitFor('diagnostics of the closed file', () => codesIn(closedUri).includes('DUR001'));

    // Opening a document reports its problems.
    const uri = uriOf('src/opened.ts');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: OPENED_TEXT },
    });
    await client.waitFor('DUR001 on the opened document', () => codesIn(uri).includes('DUR001'));
    const diagnostic = client.latestDiagnostics(uri)!.diagnostics.find((d) => d.code === 'DUR001') as Diagnostic;
    const document = TextDocument.create(uri, 'typescript', 1, OPENED_TEXT);
    assert.equal(document.getText(diagnostic.range), 'Date.now()');
    assert.equal(diagnostic.source, 'durable-ts');
    assert.equal(diagnostic.severity, 1);
    assert.match(diagnostic.codeDescription!.href, /docs\/determinism\.md#dur001$/);

    // Hovering the diagnostic explains the rule.
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: diagnostic.range.start,
    })) as Hover;
    const hoverText = (hover.contents as MarkupContent).value;
    assert.match(hoverText, /DUR001: Current time in an orchestrator/);
    assert.match(hoverText, /replayed/);
    assert.ok(!hoverText.includes(diagnostic.message), 'the hover does not repeat the message the editor shows above it');

    // The quick fix is offered for the diagnostic and, once applied, the diagnostic goes away.
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix, `no preferred fix among ${actions.map((action) => action.title).join(', ')}`);
    assert.equal(fix.title, 'Replace with ctx.currentUtcDateTime.getTime()');
    assert.ok(actions.some((action) => action.title === 'Ignore DUR001 on this line'));
    const fixed = TextDocument.applyEdits(document, fix.edit!.changes![uri]);
    assert.match(fixed, /const deadline = ctx\.currentUtcDateTime\.getTime\(\) \+ 60_000;/);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }],
    });
    await client.waitFor('diagnostics of version 2', () => client.latestDiagnostics(uri)?.version === 2);
    assert.deepEqual(codesIn(uri), []);

    // Typing a new mistake is reported after the pause.
    const withLog = fixed.replace('return deadline;', 'const jitter = Math.random();\n  return deadline + jitter;');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 }, contentChanges: [{ text: withLog }],
    });
    await client.waitFor('DUR002 after typing Math.random()', () => client.latestDiagnostics(uri)?.version === 3);
    assert.deepEqual(codesIn(uri), ['DUR002']);

    assert.equal(await client.stop(), 0);
  });

  it('re-checks an orchestrator when a helper it calls changes in another open document', async () => {
    client = LspTestClient.start('stdio');
    await client.initialize(workspace, { debounceMs: 50 });
    const helperUri = uriOf('src/ids.ts');
    const orchestratorUri = uriOf('src/usesIds.ts');
    const randomHelper = 'export function makeId() {\n  return Math.random().toString(36);\n}\n';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: helperUri, languageId: 'typescript', version: 1, text: randomHelper },
    });
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: orchestratorUri, languageId: 'typescript', version: 1,
        text: "import { app } from 'durable-ts';\nimport { makeId } from './ids';\n\napp.orchestration('UsesIds', async () => makeId());\n",
      },
    });
    await client.waitFor('the chain through makeId()', () => codesIn(orchestratorUri).includes('DUR002'));
    assert.match(client.latestDiagnostics(orchestratorUri)!.diagnostics[0].message, /^makeId\(\) → Math\.random\(\): /);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: helperUri, version: 2 }, contentChanges: [{ text: "export function makeId() {\n  return 'fixed';\n}\n" }],
    });
    await client.waitFor('the orchestrator to be clean', () => codesIn(orchestratorUri).length === 0);
    assert.equal(await client.stop(), 0);
  });

  it('follows changed settings: a rule turned off disappears from every file', async () => {
    client = LspTestClient.start('stdio');
    await client.initialize(workspace, { debounceMs: 50 });
    const closedUri = uriOf('src/closedOrchestrator.ts');
    await client.waitFor('diagnostics of the closed file', () => codesIn(closedUri).includes('DUR001'));
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'), 'the server must ask to hear about settings changes');
    client.settings = { enable: true, severity: { DUR001: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('DUR001 to be cleared', () => codesIn(closedUri).length === 0);
    assert.equal(await client.stop(), 0);
  });

  it('checks folders added to the workspace, and forgets removed ones', async () => {
    const second = copyFixture('lsp-workspace');
    try {
      client = LspTestClient.start('stdio');
      await client.initialize(workspace);
      const firstUri = uriOf('src/closedOrchestrator.ts');
      const secondUri = pathToFileURL(path.join(second, 'src', 'closedOrchestrator.ts')).href;
      await client.waitFor('diagnostics of the first folder', () => codesIn(firstUri).includes('DUR001'));
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: pathToFileURL(second).href, name: 'second' }], removed: [{ uri: pathToFileURL(workspace).href, name: 'first' }] },
      });
      await client.waitFor('diagnostics of the added folder', () => codesIn(secondUri).includes('DUR001'));
      await client.waitFor('the removed folder to be cleared', () => codesIn(firstUri).length === 0);
      assert.equal(await client.stop(), 0);
    } finally {
      removeFixtureCopy(second);
    }
  });

  it("in a new window, publishes an open document's own findings before building the workspace, then the full ones", async () => {
    client = LspTestClient.start('node-ipc');
    const uri = uriOf('src/opened.ts');
    const text = OPENED_TEXT.replace('return deadline;', "return ctx.callActivity('SayHelo', deadline);");
    // The document is open with the window: didOpen follows initialized at once, as VS Code sends them.
    await client.initialize(workspace);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    let progressBeforeFirst: number | undefined;
    await client.waitFor('the first diagnostics of the opened document', () => {
      if (!client.diagnostics.some((params) => params.uri === uri)) return false;
      progressBeforeFirst ??= client.progress.length;
      return true;
    });
    assert.equal(progressBeforeFirst, 0, 'the first diagnostics came after the workspace check had begun');
    assert.deepEqual(client.diagnostics.find((params) => params.uri === uri)!.diagnostics.map((d) => d.code), ['DUR001']);
    // The unknown activity name needs the app's registrations (registry.ts): the full analysis adds it.
    await client.waitFor('DUR009 from the full analysis', () => codesIn(uri).includes('DUR009'));
    assert.deepEqual(codesIn(uri), ['DUR001', 'DUR009']);
    assert.equal(await client.stop(), 0);
  });

  it('publishes the own findings of the documents the window shows, handed over at initialize, before anything else', async () => {
    client = LspTestClient.start('node-ipc');
    const uri = uriOf('src/opened.ts');
    const shownDocuments = [{ uri, languageId: 'typescript', version: 3, text: OPENED_TEXT }];
    await client.sendInitialize(workspace, { shownDocuments });
    await client.waitFor('the shown document\'s diagnostics, with no initialized or didOpen sent', () => client.diagnostics.some((params) => params.uri === uri));
    const first = client.diagnostics.find((params) => params.uri === uri)!;
    assert.deepEqual(first.diagnostics.map((diagnostic) => diagnostic.code), ['DUR001']);
    assert.equal(first.version, 3);
    await client.connection.sendNotification('initialized', {});
    assert.equal(await client.stop(), 0);
  });

  it('analyses a document handed over at initialize alone once, not again when the client opens it unchanged', async () => {
    client = LspTestClient.start('node-ipc');
    const uri = uriOf('src/opened.ts');
    // DUR009 (an activity no file registers) needs the whole program: the analysis of the file alone lacks it.
    const text = OPENED_TEXT.replace('return deadline;', "return ctx.callActivity('NoSuchActivity', deadline);");
    const document = { uri, languageId: 'typescript', version: 3, text };
    await client.sendInitialize(workspace, { shownDocuments: [document] });
    await client.waitFor('the shown document\'s diagnostics', () => client.diagnostics.some((params) => params.uri === uri));
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: document });
    await client.waitFor('the whole program\'s DUR009 on the opened document', () => codesIn(uri).includes('DUR009'));
    const published = client.diagnostics.filter((params) => params.uri === uri).map((params) => params.diagnostics.map((diagnostic) => diagnostic.code).sort());
    assert.deepEqual(published[0], ['DUR001']);
    assert.deepEqual(published.slice(1).filter((codes) => !codes.includes('DUR009')), [], `published: ${JSON.stringify(published)}`);
    assert.equal(await client.stop(), 0);
  });

  it('answers the documents the extension sends as it forks it with their own findings, before initialize, and publishes only the full analysis after', async () => {
    client = LspTestClient.start('node-ipc');
    const uri = uriOf('src/opened.ts');
    const text = OPENED_TEXT.replace('return deadline;', "return ctx.callActivity('NoSuchActivity', deadline);");
    const document = { uri, languageId: 'typescript', version: 3, text };
    const shown = { folders: [pathToFileURL(workspace).href], shownDocuments: [document], lintSettings: { severity: {} } };
    await client.connection.sendNotification('$/durableTs/shownDocuments', shown);
    await client.waitFor('the shown document\'s findings, with no initialize sent', () => shownFindings().length > 0);
    assert.deepEqual(shownFindings().map((params) => [params.uri, params.version, params.diagnostics.map((diagnostic) => diagnostic.code)]), [[uri, 3, ['DUR001']]]);
    assert.deepEqual(client.diagnostics, [], 'nothing is published before initialize');

    await client.initialize(workspace, { shownDocuments: [document] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: document });
    await client.waitFor('the whole program\'s DUR009 on the opened document', () => codesIn(uri).includes('DUR009'));
    const published = client.diagnostics.filter((params) => params.uri === uri).map((params) => params.diagnostics.map((diagnostic) => diagnostic.code).sort());
    // The extension shows every publish in the collection that holds the first findings: each keeps DUR001.
    assert.deepEqual(published.filter((codes) => !(codes.includes('DUR001') && codes.includes('DUR009'))), [], `published: ${JSON.stringify(published)}`);
    assert.equal(shownFindings().length, 1);
    assert.equal(await client.stop(), 0);
  });

  for (const handedOver of ['with the documents sent as the server is forked', 'at initialize'] as const) {
    it(`shows a document's first findings by the lint settings handed over ${handedOver}, not the defaults`, async () => {
      client = LspTestClient.start('node-ipc');
      const uri = uriOf('src/opened.ts');
      const document = { uri, languageId: 'typescript', version: 1, text: OPENED_TEXT.replace('return deadline;', 'return deadline + Math.random();') };
      const lintSettings = { severity: { DUR001: 'off' } };
      client.settings = lintSettings;
        if (handedOver === 'at initialize') {
        await client.initialize(workspace, { shownDocuments: [document], lintSettings });
      } else {
        await client.connection.sendNotification('$/durableTs/shownDocuments', { folders: [pathToFileURL(workspace).href], shownDocuments: [document], lintSettings });
        await client.waitFor('the shown document\'s findings', () => shownFindings().length > 0);
        await client.initialize(workspace, { shownDocuments: [document], lintSettings });
      }
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: document });
      await client.waitFor('the workspace check to end', () => client.progress.some((progress) => (progress as { value?: { kind?: string } }).value?.kind === 'end'));
      const shownCodes = [...shownFindings(), ...client.diagnostics].filter((params) => params.uri === uri).map((params) => params.diagnostics.map((diagnostic) => diagnostic.code));
      assert.ok(shownCodes.length > 0 && shownCodes.every((codes) => codes.includes('DUR002') && !codes.includes('DUR001')), `shown: ${JSON.stringify(shownCodes)}`);
      assert.equal(await client.stop(), 0);
    });
  }

  it('over node IPC: publishes the workspace diagnostics too', async () => {
    client = LspTestClient.start('node-ipc');
    await client.initialize(workspace);
    await client.waitFor('diagnostics of the closed file', () => codesIn(uriOf('src/closedOrchestrator.ts')).includes('DUR001'));
    assert.equal(await client.stop(), 0);
  });
});
