// The compare view, #/compare?runs=<id>,<id>,...&metric=<name>&x=step|time[&log=1]: one metric of
// up to 10 runs overlaid, by step or by time since each run's start, and a table of each run's
// final (last recorded) value and its difference to the first run's. Each id and the metric are
// URI-encoded (a comma inside an id is %2C); the URL holds the whole view, so it can be shared,
// and choices made on the view replace it in place. Charts follow 'metric' events like the
// experiment page's; dragging asks the server for the range in full detail.

import { API, enc, getJson, metricUrl } from './api.js';
import { COLORS, columns, elapsed, join, lineChart, num, pointsFor, positive } from './chart.js';
import { $, clear, el } from './dom.js';
import { clock } from './format.js';
import { show, showing } from './view.js';

const MAX_RUNS = COLORS.length;
const EVENT_DELAY_MS = 200;

const cmp = {
  key: null, runs: [], metric: null, x: 'step', log: false, info: new Map(), series: new Map(),
  chart: null, shape: '', zoom: null, ctl: null, due: new Set(), timer: null, n: 0, busy: false, pending: false
};

/** The view's address for these runs (the first is the one the others are measured against). */
export function compareHash(ids, metric, x, log) {
  let h = '#/compare?runs=' + ids.map(enc).join(',');
  if (metric) h += '&metric=' + enc(metric);
  h += '&x=' + (x === 'time' ? 'time' : 'step');
  if (log) h += '&log=1';
  return h;
}

function parse(query) {
  const q = { runs: [], metric: null, x: 'step', log: false };
  (query || '').split('&').forEach((part) => {
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    try {
      if (k === 'runs') q.runs = v.split(',').filter(Boolean).map(decodeURIComponent);
      else if (k === 'metric') q.metric = decodeURIComponent(v) || null;
      else if (k === 'x') q.x = v === 'time' ? 'time' : 'step';
      else if (k === 'log') q.log = v === '1';
    } catch (e) {
      // A malformed part (bad percent-encoding) is left out.
    }
  });
  q.runs = Array.from(new Set(q.runs));
  return q;
}

function remember() {
  history.replaceState(null, '', compareHash(cmp.runs, cmp.metric, cmp.x, cmp.log));
}

/** #/compare?...: shown, with the runs, metric and x mode of the address. */
export function showCompare(query) {
  const q = parse(query);
  const key = q.runs.join('\n');
  if (showing('compare') && key === cmp.key) {
    // The same runs (the address edited, or history): only the choices.
    const changed = q.metric !== cmp.metric || q.x !== cmp.x || q.log !== cmp.log;
    cmp.metric = q.metric; cmp.x = q.x; cmp.log = q.log;
    if (changed) { cmp.zoom = null; chooseMetric(); fillMetrics(); controls(); renderTable(); loadSeries(); }
    return;
  }
  stopCompare();
  show('compare');
  document.title = 'Compare runs — labwatch';
  window.scrollTo(0, 0);
  cmp.key = key;
  cmp.runs = q.runs.slice(0, MAX_RUNS);
  cmp.metric = q.metric;
  cmp.x = q.x;
  cmp.log = q.log;
  cmp.ctl = new AbortController();
  const note = q.runs.length > MAX_RUNS ? 'Only the first ' + MAX_RUNS + ' of ' + q.runs.length + ' runs are compared.'
    : q.runs.length < 2 ? 'Choose two or more runs to compare: tick them in the list of experiments.' : '';
  $('c-note').textContent = note;
  $('c-note').hidden = !note;
  clear($('c-rows'));
  clear($('c-metric'));
  controls();
  loadRuns();
}

export function stopCompare() {
  if (cmp.ctl) cmp.ctl.abort();
  cmp.ctl = null;
  clearTimeout(cmp.timer);
  cmp.timer = null;
  cmp.due.clear();
  if (cmp.chart) cmp.chart.destroy();
  cmp.chart = null;
  cmp.shape = '';
  cmp.key = null;
  cmp.info = new Map();
  cmp.series = new Map();
  cmp.zoom = null;
  cmp.busy = false;
  cmp.pending = false;
}

/** After a reconnect or a poll. */
export function refreshCompare() {
  if (cmp.key !== null) loadRuns();
}

function controls() {
  $('c-x').value = cmp.x;
  $('c-log').checked = cmp.log;
  $('c-reset').hidden = !cmp.zoom;
}

// Each run's summary (name, state, start) and its list of metrics (final values).
async function loadRuns() {
  const key = cmp.key;
  const signal = cmp.ctl.signal;
  const infos = await Promise.all(cmp.runs.map(async (id) => {
    const info = { id, summary: null, metrics: new Map(), start: null, error: null };
    try {
      const [d, m] = await Promise.all([getJson(API + '/' + enc(id), signal), getJson(API + '/' + enc(id) + '/metrics', signal)]);
      info.summary = d.summary;
      (m.metrics || []).forEach((x) => info.metrics.set(x.name, x));
      const t = Date.parse(d.summary.start_time || '');
      info.start = isNaN(t) ? null : t / 1000;
    } catch (e) {
      info.error = e.name === 'AbortError' ? null : e.status === 404 ? 'no such run' : e.message;
      if (e.name === 'AbortError') info.aborted = true;
    }
    return info;
  }));
  if (cmp.key !== key || infos.some((i) => i.aborted)) return;
  cmp.info = new Map(infos.map((i) => [i.id, i]));
  chooseMetric();
  fillMetrics();
  renderTable();
  loadSeries();
}

// The metric of the address if a run has it; otherwise the first that every run has, or any.
function chooseMetric() {
  const infos = Array.from(cmp.info.values());
  if (infos.length === 0) return;
  if (cmp.metric && infos.some((i) => i.metrics.has(cmp.metric))) return;
  const all = allMetrics();
  const common = all.filter((n) => infos.every((i) => i.error || i.metrics.has(n)));
  const chosen = common[0] || all[0] || null;
  if (chosen !== cmp.metric) { cmp.metric = chosen; remember(); }
}

function allMetrics() {
  const names = new Set();
  cmp.info.forEach((i) => i.metrics.forEach((m, n) => names.add(n)));
  return Array.from(names).sort();
}

function fillMetrics() {
  const sel = $('c-metric');
  const names = allMetrics();
  if (cmp.metric && !names.includes(cmp.metric)) names.unshift(cmp.metric);
  const now = Array.from(sel.options).map((o) => o.value).join('\n');
  if (now !== names.join('\n')) {
    clear(sel);
    names.forEach((n) => {
      const have = Array.from(cmp.info.values()).filter((i) => i.metrics.has(n)).length;
      const o = el('option', null, n + (have < cmp.runs.length ? ' (' + have + ' of ' + cmp.runs.length + ' runs)' : ''));
      o.value = n;
      sel.appendChild(o);
    });
  }
  sel.value = cmp.metric || '';
  sel.disabled = names.length === 0;
}

function finalValue(info) {
  return info.metrics.get(cmp.metric) || null;
}

function renderTable() {
  const body = $('c-rows');
  clear(body);
  const first = cmp.runs.length ? finalValue(cmp.info.get(cmp.runs[0]) || { metrics: new Map() }) : null;
  const base = first && typeof first.last === 'number' && isFinite(first.last) ? first.last : null;
  cmp.runs.forEach((id, i) => {
    const info = cmp.info.get(id);
    const tr = el('tr');
    const run = el('td', 'run');
    const mark = el('span', 'marker c' + i);
    const a = el('a', null, id);
    a.href = '#/experiment/' + enc(id);
    run.append(mark, a);
    tr.appendChild(run);
    if (!info || info.error) {
      const td = el('td', 'when', info ? info.error : '…');
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    const s = info.summary;
    const state = el('td');
    state.appendChild(el('span', 'badge s-' + s.state, s.state));
    tr.appendChild(state);
    tr.appendChild(el('td', 'when started', s.start_time ? clock(s.start_time) : ''));
    const m = finalValue(info);
    if (!m) {
      const td = el('td', 'when', 'no ' + (cmp.metric || 'metrics'));
      td.colSpan = 3;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    tr.appendChild(el('td', 'num', m.last_step));
    tr.appendChild(el('td', 'num', num(m.last)));
    let diff = '';
    if (i === 0) diff = '(reference)';
    else if (base !== null && typeof m.last === 'number' && isFinite(m.last)) {
      const d = m.last - base;
      const pct = base !== 0 ? Number((100 * d / Math.abs(base)).toPrecision(3)) : null;
      diff = (d > 0 ? '+' : '') + num(d) + (pct !== null && isFinite(pct) ? ' (' + (pct > 0 ? '+' : '') + pct + ' %)' : '');
    } else diff = '—';
    tr.appendChild(el('td', 'num', diff));
    body.appendChild(tr);
  });
}

// Where a run's time axis starts: its start_time, or else its metric's first value.
function offset(info, metric) {
  if (info.start !== null) return info.start;
  const m = info.metrics.get(metric);
  return m && typeof m.first_time === 'number' ? m.first_time : 0;
}

function range(off) {
  if (!cmp.zoom) return '';
  if (cmp.x === 'step') return '&from=' + Math.floor(cmp.zoom.from) + '&to=' + Math.ceil(cmp.zoom.to);
  return '&from=' + (cmp.zoom.from + off).toFixed(3) + '&to=' + (cmp.zoom.to + off).toFixed(3);
}

// Every run's series of the chosen metric (the runs without it draw nothing).
async function loadSeries(only) {
  if (cmp.busy) { cmp.pending = true; return; }
  const key = cmp.key;
  const metric = cmp.metric;
  if (!metric) { draw(); return; }
  cmp.busy = true;
  const n = pointsFor($('c-chart'));
  const want = cmp.runs.filter((id) => {
    const info = cmp.info.get(id);
    return info && !info.error && info.metrics.has(metric) && (!only || only.has(id) || !cmp.series.has(id));
  });
  if (!only) cmp.series = new Map();
  try {
    await Promise.all(want.map(async (id) => {
      const off = offset(cmp.info.get(id), metric);
      try {
        const r = await getJson(metricUrl(id, metric) + '?points=' + n + '&x=' + cmp.x + range(off), cmp.ctl.signal);
        if (cmp.key === key && cmp.metric === metric) cmp.series.set(id, columns(r.points, cmp.x, off));
      } catch (e) {
        if (e.name !== 'AbortError' && cmp.key === key) cmp.series.set(id, [[], []]);
      }
    }));
    if (cmp.key !== key) return;
    cmp.n = n;
    draw();
  } finally {
    if (cmp.key === key) {
      cmp.busy = false;
      if (cmp.pending) { cmp.pending = false; loadSeries(); }
    }
  }
}

function draw() {
  const box = $('c-chart');
  const ids = cmp.runs.filter((id) => cmp.series.has(id));
  const shape = [cmp.metric, cmp.x, cmp.log].concat(ids).join('\n');
  if (cmp.chart && cmp.shape !== shape) { cmp.chart.destroy(); cmp.chart = null; }
  $('c-empty').hidden = ids.length > 0 || cmp.runs.length === 0;
  if (ids.length === 0) return;
  if (!cmp.chart) {
    cmp.chart = lineChart(box, {
      xLabel: cmp.x === 'time' ? 'since start' : 'step',
      xValue: cmp.x === 'time' ? elapsed : (v) => String(Math.round(v)),
      series: ids.map((id) => ({ label: id, stroke: COLORS[cmp.runs.indexOf(id)], width: 1.5 })),
      log: cmp.log,
      onZoom: (min, max) => { if (max > min) { cmp.zoom = { from: min, to: max }; controls(); loadSeries(); } },
      onReset: unzoom,
      onResize: () => { if (Math.abs(pointsFor(box) - cmp.n) > cmp.n / 4) loadSeries(); }
    });
    cmp.shape = shape;
  }
  const tables = ids.map((id) => {
    const [xs, ys] = cmp.series.get(id);
    return [xs, cmp.log ? positive(ys) : ys];
  });
  cmp.chart.setData(join(tables), cmp.zoom ? { min: cmp.zoom.from, max: cmp.zoom.to } : null);
  box.dataset.series = String(ids.length);
  controls();
}

function unzoom() {
  if (!cmp.zoom) return;
  cmp.zoom = null;
  controls();
  loadSeries();
}

/** A 'metric' event: a compared run's file grew; its series and final values are asked for again. */
export function onMetric(ev) {
  if (!showing('compare') || !ev || !cmp.info.has(ev.id)) return;
  cmp.due.add(ev.id);
  if (!cmp.timer) cmp.timer = setTimeout(flushEvents, EVENT_DELAY_MS);
}

async function flushEvents() {
  cmp.timer = null;
  const ids = cmp.due;
  cmp.due = new Set();
  const key = cmp.key;
  await Promise.all(Array.from(ids).map(async (id) => {
    try {
      const m = await getJson(API + '/' + enc(id) + '/metrics', cmp.ctl.signal);
      const info = cmp.info.get(id);
      if (cmp.key !== key || !info) return;
      info.metrics = new Map((m.metrics || []).map((x) => [x.name, x]));
    } catch (e) {
      // Aborted or away: the next event or poll tries again.
    }
  }));
  if (cmp.key !== key) return;
  fillMetrics();
  renderTable();
  loadSeries(ids);
}

/** An added, changed or removed run: its state in the table. */
export function onSummary(kind, s) {
  const info = cmp.info.get(s.id);
  if (!info || kind === 'removed' || !info.summary) return;
  info.summary = s;
  renderTable();
}

$('c-metric').addEventListener('change', () => {
  cmp.metric = $('c-metric').value || null;
  cmp.zoom = null;
  remember();
  controls();
  renderTable();
  loadSeries();
});
$('c-x').addEventListener('change', () => {
  cmp.x = $('c-x').value === 'time' ? 'time' : 'step';
  cmp.zoom = null;
  remember();
  controls();
  loadSeries();
});
$('c-log').addEventListener('change', () => {
  cmp.log = $('c-log').checked;
  remember();
  draw();
});
$('c-reset').addEventListener('click', unzoom);
$('c-controls').addEventListener('submit', (e) => e.preventDefault());
