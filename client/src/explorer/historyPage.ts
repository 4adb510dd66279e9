/** The History view's page: its markup, which client/media/history/history.js fills in. Editor-free (the benchmark draws it too). */
export function historyPage(sources: { nonce: string; script: string; style: string; cspSource: string }): string {
  const { nonce, script, style, cspSource } = sources;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}';">
<link rel="stylesheet" href="${style}">
</head><body>
<header id="summary">Loading the history…</header>
<section><h2>Timeline</h2><div id="timeline" class="scroller"><div class="spacer"></div></div></section>
<section><h2>Events</h2>
<div class="row head"><span>#</span><span>type</span><span>name</span><span>task</span><span>time (UTC)</span><span>duration</span><span>input / result</span></div>
<div id="events" class="scroller"><div class="spacer"></div></div></section>
<pre id="detail" hidden></pre>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
}
