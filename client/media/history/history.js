// The History view's page: a virtualised events table and Gantt timeline (only the rows in sight exist in the
// DOM, so a 10,000-event history opens as fast as a short one), a detail pane for the selected event.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const ROW = 22;
  const LANE = 18;
  const LABEL = 160;
  const events = /** @type {HTMLElement} */ (document.getElementById('events'));
  const timeline = /** @type {HTMLElement} */ (document.getElementById('timeline'));
  const detail = /** @type {HTMLElement} */ (document.getElementById('detail'));
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
  /** @type {any} */ let model = { rows: [], spans: [], startMs: 0, endMs: 0 };
  let selected = -1;

  function text(value) {
    return value === undefined || value === null ? '' : String(value);
  }

  function cell(content, className) {
    const span = document.createElement('span');
    span.textContent = content;
    if (className) span.className = className;
    return span;
  }

  function duration(ms) {
    if (ms === undefined) return '';
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 0)} s`;
  }

  function renderWindow(scroller, count, height, draw) {
    const spacer = /** @type {HTMLElement} */ (scroller.firstElementChild);
    spacer.style.height = `${count * height}px`;
    const first = Math.max(0, Math.floor(scroller.scrollTop / height) - 5);
    const last = Math.min(count, Math.ceil((scroller.scrollTop + scroller.clientHeight) / height) + 5);
    spacer.replaceChildren();
    for (let i = first; i < last; i++) {
      const element = draw(i);
      element.style.top = `${i * height}px`;
      spacer.appendChild(element);
    }
  }

  function drawRow(i) {
    const row = model.rows[i];
    const element = document.createElement('div');
    element.className = `row${i === selected ? ' selected' : ''}${/Failed$/.test(row.type) ? ' failed' : ''}`;
    element.append(cell(text(row.eventId)), cell(row.type, 'type'), cell(text(row.name)), cell(text(row.taskId)), cell(row.timestamp.slice(11, 23)), cell(duration(row.durationMs)), cell(text(row.detail)));
    element.addEventListener('click', () => select(i));
    return element;
  }

  function drawLane(i) {
    const span = model.spans[i];
    const lane = document.createElement('div');
    lane.className = 'lane';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = `${span.kind === 'timer' ? '⏱' : span.kind === 'subOrchestration' ? '⇣' : '▸'} ${span.label} #${span.taskId}`;
    const bar = document.createElement('div');
    bar.className = `bar ${span.kind} ${span.outcome}`;
    const total = Math.max(1, model.endMs - model.startMs);
    const width = Math.max(0, timeline.clientWidth - LABEL - 12);
    const end = span.endMs ?? model.endMs;
    bar.style.left = `${LABEL + ((span.startMs - model.startMs) / total) * width}px`;
    bar.style.width = `${((end - span.startMs) / total) * width}px`;
    bar.title = `${span.kind} ${span.label} #${span.taskId}: ${span.outcome}${span.endMs !== undefined ? `, ${duration(span.endMs - span.startMs)}` : ''}`;
    bar.addEventListener('click', () => select(span.row, true));
    lane.append(label, bar);
    return lane;
  }

  function select(i, scrollTo) {
    selected = i;
    const row = model.rows[i];
    if (scrollTo) events.scrollTop = Math.max(0, i * ROW - events.clientHeight / 2);
    detail.hidden = false;
    detail.replaceChildren();
    detail.append(`#${row.eventId} ${row.type}${row.name ? ` ${row.name}` : ''}${row.taskId !== undefined ? ` (task ${row.taskId})` : ''} at ${row.timestamp}\n\n${pretty(row.detail)}`);
    if (row.instanceId) {
      const link = document.createElement('a');
      link.className = 'child';
      link.textContent = `\n\nOpen the history of ${row.instanceId}`;
      link.addEventListener('click', () => vscode.postMessage({ kind: 'openInstance', instanceId: row.instanceId }));
      detail.append(link);
    }
    vscode.postMessage({ kind: 'selected', index: i });
    render();
  }

  function pretty(json) {
    if (json === undefined) return '';
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch {
      return json;
    }
  }

  function render() {
    renderWindow(events, model.rows.length, ROW, drawRow);
    // As tall as its bars, up to a limit past which it scrolls; a line saying so when there is nothing to draw.
    timeline.style.height = `${Math.min(180, Math.max(1, model.spans.length) * LANE + 2)}px`;
    renderWindow(timeline, model.spans.length, LANE, drawLane);
    if (model.spans.length === 0) timeline.firstElementChild?.append(cell('No activity, timer or sub-orchestration yet.', 'empty'));
  }

  events.addEventListener('scroll', () => renderWindow(events, model.rows.length, ROW, drawRow));
  timeline.addEventListener('scroll', () => renderWindow(timeline, model.spans.length, LANE, drawLane));
  window.addEventListener('resize', render);
  window.addEventListener('message', (message) => {
    const data = message.data;
    if (data.kind === 'problem') summary.textContent = `Cannot read the history: ${data.message}`;
    if (data.kind === 'select' && model.rows[data.index]) select(data.index, true);
    if (data.kind === 'gone') summary.textContent = `Instance ${data.instanceId} is no longer in the store (purged).`;
    if (data.kind !== 'history') return;
    model = data.model;
    const status = data.status;
    summary.replaceChildren();
    const bold = document.createElement('span');
    bold.className = 'status';
    bold.textContent = status.runtimeStatus;
    summary.append(`${status.name} ${status.instanceId} — `, bold, ` · ${model.rows.length} events · created ${status.createdTime} · updated ${status.lastUpdatedTime}`);
    if (status.customStatus !== null && status.customStatus !== undefined) summary.append(` · custom status ${JSON.stringify(status.customStatus)}`);
    render();
    vscode.postMessage({ kind: 'rendered', instanceId: status.instanceId, rows: model.rows.length, spans: model.spans.length, firstTypes: model.rows.slice(0, 20).map((row) => row.type) });
  });
  vscode.postMessage({ kind: 'ready' });
})();
