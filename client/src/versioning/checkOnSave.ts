import { execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeExecutable } from '../debug/nodeExecutable';
import { bundledCli } from '../project/runtimePackage';
import { findingsFor, patchGuard, type CheckReport, type LineFinding } from './checkFindings';

export const CHECK_SOURCE = 'durable-ts check';
const SHOW_INSTANCES = 'durableTs.showDivergentInstances';

/**
 * On save of a file that registers orchestrations, replays the in-flight instances of the workspace's store
 * against it (`durable-ts check`, in a process of its own: typing is never blocked) and marks the lines that would
 * fail them, with a quick fix that guards the new call with ctx.patched.
 */
export function registerCheckOnSave(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection(CHECK_SOURCE);
  const findings = new WeakMap<vscode.Diagnostic, LineFinding>();
  const running = new Map<string, ChildProcess>();
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (!/^(typescript|javascript)/.test(document.languageId) || !/\.orchestration\(/.test(document.getText())) return;
      const store = storeFor(document.uri);
      if (!store || !vscode.workspace.getConfiguration('durableTs', document.uri).get<boolean>('check.onSave', true)) return diagnostics.delete(document.uri);
      running.get(document.uri.toString())?.kill();
      running.set(document.uri.toString(), runCheck(context, document.fileName, store, (report) => {
        running.delete(document.uri.toString());
        const text = document.getText();
        diagnostics.set(document.uri, report ? findingsFor(document.fileName, text, report).map((finding) => {
          const diagnostic = new vscode.Diagnostic(document.lineAt(finding.line).range, finding.message, vscode.DiagnosticSeverity.Error);
          diagnostic.source = CHECK_SOURCE;
          findings.set(diagnostic, finding);
          return diagnostic;
        }) : []);
      }));
    }),
    vscode.languages.registerCodeActionsProvider(['typescript', 'javascript', 'typescriptreact', 'javascriptreact'], {
      provideCodeActions(document, _range, context) {
        return context.diagnostics.flatMap((diagnostic) => {
          const finding = diagnostic.source === CHECK_SOURCE ? findings.get(diagnostic) : undefined;
          return finding ? codeActions(document, diagnostic, finding) : [];
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(SHOW_INSTANCES, (orchestration: string, instanceIds: string[]) =>
      vscode.window.showQuickPick(instanceIds, { title: `In-flight instances of ${orchestration} that would fail on replay` })),
  );
}

function codeActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: LineFinding): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  const guard = patchGuard(document.lineAt(finding.line).text, finding.patchId);
  if (guard) {
    const wrap = new vscode.CodeAction(`Wrap in ctx.patched('${finding.patchId}')`, vscode.CodeActionKind.QuickFix);
    wrap.edit = new vscode.WorkspaceEdit();
    wrap.edit.insert(document.uri, new vscode.Position(finding.line, guard.column), guard.text);
    wrap.diagnostics = [diagnostic];
    wrap.isPreferred = true;
    actions.push(wrap);
  }
  const list = new vscode.CodeAction(`List the ${finding.instanceIds.length} in-flight instance(s) of ${finding.orchestration}`, vscode.CodeActionKind.QuickFix);
  list.command = { title: list.title, command: SHOW_INSTANCES, arguments: [finding.orchestration, finding.instanceIds] };
  list.diagnostics = [diagnostic];
  actions.push(list);
  return actions;
}

/** The store the check reads: `durableTs.check.store` (relative to the workspace folder), else the CLI's default; none if it does not exist. */
function storeFor(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  if (!folder) return undefined;
  const store = path.resolve(folder, vscode.workspace.getConfiguration('durableTs', uri).get<string>('check.store') || '.durable/store.db');
  return fs.existsSync(store) || fs.existsSync(`${store}-log`) ? store : undefined;
}

/** The project's own durable-ts CLI (its code must replay with the runtime it runs on), else the bundled one. */
function cliFor(context: vscode.ExtensionContext, file: string): string {
  try {
    return path.join(path.dirname(createRequire(file).resolve('durable-ts/package.json')), 'dist', 'cli', 'main.js');
  } catch {
    return bundledCli(context.extensionPath);
  }
}

/** Calls back with the report, or undefined when the check could not run (the file is not an app, the store is locked...). */
function runCheck(context: vscode.ExtensionContext, file: string, store: string, done: (report: CheckReport | undefined) => void): ChildProcess {
  const node = nodeExecutable();
  return execFile(node.command, [cliFor(context, file), 'check', file, '--store', store, '--format', 'json'], { cwd: path.dirname(file), env: { ...process.env, ...node.env }, timeout: 60_000 }, (error, stdout) => {
    if (error && (error as { code?: unknown }).code !== 1) return done(undefined);
    try {
      done(JSON.parse(stdout) as CheckReport);
    } catch {
      done(undefined);
    }
  });
}
