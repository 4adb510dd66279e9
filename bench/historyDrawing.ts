/**
 * How long the History view's page takes to draw a history: the page (client/media/history) in headless Chromium,
 * as VS Code's webview holds it, given the message the extension posts; timed from posting the message to the
 * first frame after the page has drawn it (the table's and the timeline's rows in sight). A fresh page each run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { historyPage } from '../client/src/explorer/historyPage.ts';

/** The Chromium the real-VS-Code suite drives (Debian's package); CHROMIUM names another. */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function historyDrawingMs(message: { kind: 'history'; status: unknown; model: unknown }, runs: number): Promise<number[]> {
  const media = path.resolve(import.meta.dirname, '..', 'client', 'media', 'history');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-history-page-'));
  const file = path.join(dir, 'history.html');
  fs.writeFileSync(file, historyPage({
    nonce: 'bench',
    script: pathToFileURL(path.join(media, 'history.js')).href,
    style: pathToFileURL(path.join(media, 'history.css')).href,
    cspSource: 'file:',
  }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // What VS Code's webview provides; the page's own messages to the extension are kept for the timing. Plain
    // strings: tsx would otherwise add helpers of its own to functions that run in the page.
    await page.addInitScript(`window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (sent) => window.posted.push(sent), getState: () => undefined, setState: () => {} });`);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(`window.posted.some((sent) => sent.kind === 'ready')`);
      await page.evaluate(`window.pendingHistory = ${JSON.stringify(message)}`);
      times.push(await page.evaluate(`(async () => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const started = performance.now();
        window.postMessage(window.pendingHistory, '*');
        while (!window.posted.some((sent) => sent.kind === 'rendered')) await frame();
        await frame(); // the frame that shows what was drawn
        return performance.now() - started;
      })()`) as number);
    }
    return times;
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
