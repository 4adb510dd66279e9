/**
 * Cold first diagnostic of the language server, as in a new VS Code window: a new server process (the bundled
 * server/dist/main.js the extension runs, over node IPC) on the generated 200-file workspace, with one document
 * open. Times spawn → the open document's first diagnostic, and spawn → the whole workspace checked, as medians
 * of several cold starts; each start asserts the first diagnostic is a real finding of that document.
 * As the extension does, the client hands the open document over as it spawns the server (whose answer, the
 * document's own findings, is timed too), again at initialize, and opens it after `initialized`.
 * Run: `node --import tsx bench/lspFirstDiagnostic.ts [--runs N] [--server path/to/main.js] [--before DIR]` (DIR: a
 * built checkout whose server is started in turn with this one).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../test/server/support/lspClient';
import { generateCorpus, removeCorpus } from './lintCorpus';
import { median, printTable } from './table';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const serverIndex = process.argv.indexOf('--server');
const server = path.resolve(serverIndex >= 0 ? process.argv[serverIndex + 1] : path.join(__dirname, '..', 'server', 'dist', 'main.js'));
const beforeIndex = process.argv.indexOf('--before');
const beforeServer = beforeIndex >= 0 ? path.resolve(process.argv[beforeIndex + 1], 'server', 'dist', 'main.js') : undefined;

interface ColdStart {
  shownFindings: number;
  firstDiagnostic: number;
  workspaceChecked: number;
}

function isEnd(progress: unknown): boolean {
  return (progress as { value?: { kind?: string } }).value?.kind === 'end';
}

/** `handOver`: the server takes the shown documents as it starts (a server from before that would not answer). */
async function coldStart(entry: string, root: string, opened: string, handOver: boolean): Promise<ColdStart> {
  const start = performance.now();
  const client = LspTestClient.start('node-ipc', entry);
  try {
    const uri = pathToFileURL(opened).href;
    const document = { uri, languageId: 'typescript', version: 1, text: fs.readFileSync(opened, 'utf8') };
    let shownFindings = 0;
    if (handOver) {
      await client.connection.sendNotification('$/durableTs/shownDocuments', { folders: [pathToFileURL(root).href], shownDocuments: [document], lintSettings: {} });
      await client.waitFor('the shown document\'s own findings', () => {
        shownFindings ||= client.otherNotifications.some(({ method }) => method === '$/durableTs/shownFindings') ? performance.now() - start : 0;
        return shownFindings > 0;
      }, 120000);
    }
    await client.initialize(root, { shownDocuments: [document] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: document });
    let firstDiagnostic = 0;
    await client.waitFor('the open document\'s first diagnostic', () => {
      if (!firstDiagnostic && client.diagnostics.some((params) => params.uri === uri && params.diagnostics.length > 0)) firstDiagnostic = performance.now() - start;
      return firstDiagnostic > 0;
    }, 120000);
    const codes = client.diagnostics.find((params) => params.uri === uri)!.diagnostics.map((diagnostic) => diagnostic.code);
    assert.ok(codes.includes('DUR003'), `the first diagnostics of ${opened} lack its setTimeout (DUR003): ${codes.join(', ')}`);
    await client.waitFor('the workspace check to end', () => client.progress.some(isEnd), 120000);
    const workspaceChecked = performance.now() - start;
    assert.equal(await client.stop(), 0);
    return { shownFindings, firstDiagnostic, workspaceChecked };
  } finally {
    if (client.child.exitCode === null) client.child.kill();
  }
}

async function main(): Promise<void> {
  assert.ok(fs.existsSync(server), `no language server at ${server}: run npm run build`);
  const corpus = generateCorpus();
  try {
    const starts: ColdStart[] = [];
    const before: ColdStart[] = [];
    for (let run = 0; run < runs; run++) {
      starts.push(await coldStart(server, corpus.root, corpus.bigFile, true));
      if (beforeServer) before.push(await coldStart(beforeServer, corpus.root, corpus.bigFile, false));
    }
    const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
    const medianOf = (samples: ColdStart[], key: keyof ColdStart) => (samples.length > 0 ? seconds(median(samples.map((start) => start[key]))) : 'not measured (--before DIR)');
    printTable(`Language server, cold (medians of ${runs} new processes, run in turn; ${corpus.files.length} files; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`, [
      { measurement: 'start → the shown document\'s own findings (handed over as the server starts)', median: medianOf(starts, 'shownFindings'), before: '', budget: '' },
      { measurement: 'start → first diagnostic of the open document published (the full analysis: its own findings came before)', median: medianOf(starts, 'firstDiagnostic'), before: medianOf(before, 'firstDiagnostic'), budget: '≤ 2 s' },
      { measurement: 'start → whole workspace checked', median: medianOf(starts, 'workspaceChecked'), before: medianOf(before, 'workspaceChecked'), budget: '' },
    ]);
  } finally {
    removeCorpus(corpus);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
