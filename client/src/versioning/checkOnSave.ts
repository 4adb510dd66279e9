import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeExecutable } from '../debug/nodeExecutable';
import { bundledCli } from '../project/runtimePackage';
import { declaredEntries } from './appEntries';
import { findingsFor, patchGuard, type CheckReport, type LineFinding } from './checkFindings';
import { CheckProcess, type AppVerdicts, type CheckOutcome, type RunningCheck } from './checkProcess';

export const CHECK_SOURCE = 'durable-ts check';
const SHOW_INSTANCES = 'durableTs.showDivergentInstances';

/**
 * On save of a file of an app that registers orchestrations, replays the in-flight instances of the workspace's
 * store against the app (`durable-ts check-service`, a process of its own kept running, so typing is never blocked
 * and a check finds the runtime and the compiler loaded) and marks the lines, in any of the app's files, that would
 * fail them, with a quick fix that guards the new call with ctx.patched.
 */
export function registerCheckOnSave(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection(CHECK_SOURCE);
  const findings = new WeakMap<vscode.Diagnostic, LineFinding>();
  const processes = new Map<string, CheckProcess>();
  const running = new Map<string, RunningCheck>();
  const processFor = (cli: string) => processes.get(cli) ?? processes.set(cli, new CheckProcess(nodeExecutable(), cli)).get(cli)!;

  const show = (apps: AppVerdicts[]) => {
    for (const checked of apps) {
      for (const file of checked.files) {
        const uri = vscode.Uri.file(file);
        const text = textOf(file);
        diagnostics.set(uri, checked.report && text !== undefined ? findingsFor(file, text, checked.report).map((finding) => {
          const lineText = text.split('\n')[finding.line] ?? '';
          const diagnostic = new vscode.Diagnostic(new vscode.Range(finding.line, 0, finding.line, lineText.length), finding.message, vscode.DiagnosticSeverity.Error);
          diagnostic.source = CHECK_SOURCE;
          findings.set(diagnostic, finding);
          return diagnostic;
        }) : []);
      }
    }
  };

  const checkOnSave = async (document: vscode.TextDocument) => {
    if (!/^(typescript|javascript)/.test(document.languageId)) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    const store = checkedStoreFor(document.uri);
    if (!folder || !store) return diagnostics.delete(document.uri);
    const entries = declaredEntries(folder, vscode.workspace.getConfiguration('launch', document.uri).get<unknown[]>('configurations') ?? []);
    const key = document.uri.toString();
    running.get(key)?.cancel();
    const check = processFor(cliFor(context, document.fileName)).check({ store, saved: document.fileName, root: folder, entries });
    running.set(key, check);
    let outcome = await check.outcome;
    if (running.get(key) === check) running.delete(key);
    if (outcome.kind === 'unsupported' && /\.orchestration\(/.test(document.getText())) outcome = await checkOnce(context, document.fileName, store);
    if (outcome.kind === 'checked') show(outcome.apps);
  };

  /** The process starts when a file of a workspace with a store is opened, so the first save finds it warm. */
  const warm = (document: vscode.TextDocument) => {
    if (/^(typescript|javascript)/.test(document.languageId) && document.uri.scheme === 'file' && checkedStoreFor(document.uri)) processFor(cliFor(context, document.fileName)).warm();
  };

  context.subscriptions.push(
    diagnostics,
    { dispose: () => processes.forEach((checkProcess) => checkProcess.dispose()) },
    vscode.workspace.onDidOpenTextDocument(warm),
    vscode.workspace.onDidSaveTextDocument((document) => void checkOnSave(document)),
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
  vscode.workspace.textDocuments.forEach(warm);
}

/** A file's text as the editor has it, else as it is on disk. */
function textOf(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.fileName === file);
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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

/**
 * The store the check reads: `durableTs.check.store` (relative to the workspace folder), else the CLI's default;
 * none if it does not exist or `durableTs.check.onSave` is off.
 */
function checkedStoreFor(uri: vscode.Uri): string | undefined {
  if (!vscode.workspace.getConfiguration('durableTs', uri).get<boolean>('check.onSave', true)) return undefined;
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

/** `durable-ts check` of the saved file alone, in a process of its own: what a project's older durable-ts can do. */
function checkOnce(context: vscode.ExtensionContext, file: string, store: string): Promise<CheckOutcome> {
  const node = nodeExecutable();
  return new Promise((resolve) =>
    execFile(node.command, [cliFor(context, file), 'check', file, '--store', store, '--format', 'json'], { cwd: path.dirname(file), env: { ...process.env, ...node.env }, timeout: 60_000 }, (error, stdout) => {
      if (error && (error as { code?: unknown }).code !== 1) return resolve({ kind: 'failed', message: error.message });
      try {
        resolve({ kind: 'checked', apps: [{ app: file, files: [file], report: JSON.parse(stdout) as CheckReport }] });
      } catch {
        resolve({ kind: 'failed', message: `durable-ts check printed no report: ${stdout.slice(0, 200)}` });
      }
    }),
  );
}
