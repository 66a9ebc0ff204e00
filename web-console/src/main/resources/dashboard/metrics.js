// The Metrics section of the experiment page: one chart per metric of the run, from GET
// .../metrics (the list) and .../metrics/<name>?points=N (N about the chart's width in device
// pixels; the server keeps each bucket's lowest and highest value, so spikes survive). A chart is
// loaded when it comes into view and reloaded when a 'metric' event names it (or, while events are
// down, when the polled list shows it grew). Dragging over a chart asks the server for that range
// in full detail; per chart a log scale and the CSV of every value; for the section a name filter
// and EMA smoothing, drawn over the raw points, which stay, faintly.

import { API, enc, getJson, metricUrl } from './api.js';
import { COLORS, columns, faint, lineChart, num, pointsFor, positive, smooth } from './chart.js';
import { compareHash } from './compare.js';
import { $, clear, el } from './dom.js';
import { showing } from './view.js';

/** How long metric events are gathered before the named charts are asked for again. */
const EVENT_DELAY_MS = 200;

const run = {
  id: null, ctl: null, cards: new Map(), order: '', due: new Set(), timer: null,
  listBusy: false, listPending: false, smoothing: 0, filter: '', name: null
};

const seen = new IntersectionObserver((entries) => {
  entries.forEach((e) => {
    const card = e.target._card;
    if (!card) return;
    card.visible = e.isIntersecting;
    if (card.visible && (!card.loaded || card.dirty)) load(card);
  });
}, { rootMargin: '200px 0px' });

function base(id) {
  return API + '/' + enc(id) + '/metrics';
}

/** A new experiment page (#/experiment/<id>): no charts yet, the list asked for. */
export function showMetrics(id) {
  stopMetrics();
  run.id = id;
  run.ctl = new AbortController();
  run.name = null;
  $('sec-metrics').hidden = true;
  $('m-compare').hidden = true;
  $('m-note').hidden = true;
  $('d-metriccount').textContent = '';
  loadList();
}

export function stopMetrics() {
  if (run.ctl) run.ctl.abort();
  clearTimeout(run.timer);
  run.timer = null;
  run.due.clear();
  run.cards.forEach(dropCard);
  run.cards.clear();
  run.order = '';
  run.id = null;
  run.listBusy = false;
  run.listPending = false;
  clear($('d-metrics'));
}

/** After a reconnect or a poll: the list again, which reloads the charts that grew. */
export function refreshMetrics() {
  if (run.id !== null) loadList();
}

/** The run's summary (from the page's own load): offers the earlier runs of its name for comparison. */
export function onRunSummary(s) {
  if (!s || s.id !== run.id || !s.name || s.name === run.name) return;
  run.name = s.name;
  findEarlierRuns(s);
}

async function findEarlierRuns(s) {
  const id = run.id;
  try {
    const page = await getJson(API + '?q=' + enc(s.name) + '&sort=-started&limit=1000', run.ctl.signal);
    if (run.id !== id) return;
    const earlier = page.experiments.filter((o) => o.name === s.name && o.id !== id
      && !(s.start_time && o.start_time && Date.parse(o.start_time) > Date.parse(s.start_time)));
    const a = $('m-compare');
    a.hidden = earlier.length === 0;
    // This run and its four latest predecessors; the compare view can drop or add runs.
    a.href = compareHash([id].concat(earlier.slice(0, 4).map((o) => o.id)), null, 'step', false);
    a.title = earlier.length + ' earlier run' + (earlier.length === 1 ? '' : 's') + ' of ' + s.name;
  } catch (e) {
    // Aborted (another page) or the server is away: the link stays hidden.
  }
}

/** A 'metric' event: the run's metrics file grew; the named charts are asked for again, gathered. */
export function onMetric(ev) {
  if (!showing('detail') || !ev || ev.id !== run.id) return;
  (ev.names || []).forEach((n) => run.due.add(String(n)));
  if (!run.timer) run.timer = setTimeout(flushEvents, EVENT_DELAY_MS);
}

function flushEvents() {
  run.timer = null;
  const names = run.due;
  run.due = new Set();
  names.forEach((n) => {
    const card = run.cards.get(n);
    if (!card) return;
    if (card.visible) load(card); else card.dirty = true;
  });
  // Counts, last values and metrics new to this run.
  loadList();
}

async function loadList() {
  const id = run.id;
  if (run.listBusy) { run.listPending = true; return; }
  run.listBusy = true;
  try {
    const r = await getJson(base(id), run.ctl.signal);
    if (run.id !== id) return;
    renderList(r);
  } catch (e) {
    if (e.name === 'AbortError' || run.id !== id) return;
    if (e.status === 404) { $('sec-metrics').hidden = true; return; }
    $('m-note').textContent = 'Metrics: ' + e.message;
    $('m-note').hidden = false;
  } finally {
    if (run.id === id) {
      run.listBusy = false;
      if (run.listPending) { run.listPending = false; loadList(); }
    }
  }
}

function groupOf(name) {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

function renderList(r) {
  const metrics = (r.metrics || []).slice().sort((a, b) => {
    const ga = groupOf(a.name); const gb = groupOf(b.name);
    return ga === gb ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : (ga < gb ? -1 : 1);
  });
  $('sec-metrics').hidden = metrics.length === 0;
  $('d-metriccount').textContent = metrics.length ? '(' + metrics.length + ')' : '';
  const skipped = r.skipped_lines > 0 ? r.skipped_lines + ' malformed line' + (r.skipped_lines === 1 ? '' : 's')
    + ' of ' + r.file + ' skipped' : '';
  $('m-note').textContent = skipped;
  $('m-note').hidden = !skipped;
  const names = new Set();
  metrics.forEach((m) => {
    names.add(m.name);
    let card = run.cards.get(m.name);
    if (!card) { card = makeCard(m.name); run.cards.set(m.name, card); }
    const grew = card.info && (card.info.count !== m.count || card.info.last_step !== m.last_step
      || card.info.last_time !== m.last_time);
    card.info = m;
    fillFacts(card);
    // Grown without an event naming it (events down, the page polls): asked for again here.
    if (grew && card.loaded && !card.zoom) {
      if (card.visible && !card.busy) load(card); else if (!card.visible) card.dirty = true;
    }
  });
  run.cards.forEach((card, name) => { if (!names.has(name)) { dropCard(card); run.cards.delete(name); } });
  const order = metrics.map((m) => m.name).join('\n');
  if (order !== run.order) { run.order = order; placeCards(metrics); }
}

// Cards in name order under a heading per group ("fit" for fit/chi2, fit/amplitude).
function placeCards(metrics) {
  const box = $('d-metrics');
  let group = null;
  let grid = null;
  const frag = document.createDocumentFragment();
  metrics.forEach((m) => {
    const g = groupOf(m.name);
    if (grid === null || g !== group) {
      group = g;
      const section = el('div', 'metric-group');
      if (g) section.appendChild(el('h3', 'metric-group-name', g + '/'));
      grid = el('div', 'metric-grid');
      section.appendChild(grid);
      frag.appendChild(section);
    }
    grid.appendChild(run.cards.get(m.name).root);
  });
  clear(box);
  box.appendChild(frag);
  applyFilter();
}

function makeCard(name) {
  const root = el('div', 'metric');
  root.dataset.metric = name;
  const head = el('div', 'metric-head');
  const title = el('h4', 'metric-name', name);
  const facts = el('span', 'metric-facts');
  const tools = el('span', 'metric-tools');
  const logLabel = el('label', 'check');
  const log = el('input');
  log.type = 'checkbox';
  logLabel.append(log, document.createTextNode(' log'));
  const reset = el('button', 'reset', 'Reset zoom');
  reset.type = 'button';
  reset.hidden = true;
  const csv = el('a', 'csv', 'CSV');
  csv.href = metricUrl(run.id, name) + '?format=csv';
  csv.download = name.replace(/\//g, '_') + '.csv';
  csv.title = 'Every value of ' + name + ' as step,time,value';
  tools.append(logLabel, reset, csv);
  head.append(title, facts, tools);
  const box = el('div', 'chart');
  const note = el('p', 'chart-note');
  note.hidden = true;
  root.append(head, box, note);
  const card = {
    name, root, facts, box, note, reset, log: false, chart: null, shape: '', data: null, info: null,
    loaded: false, dirty: false, visible: false, busy: false, pending: false, zoom: null, n: 0
  };
  root._card = card;
  log.addEventListener('change', () => { card.log = log.checked; draw(card); });
  reset.addEventListener('click', () => unzoom(card));
  seen.observe(root);
  return card;
}

function dropCard(card) {
  seen.unobserve(card.root);
  if (card.chart) card.chart.destroy();
  card.chart = null;
  card.root._card = null;
  card.root.remove();
}

function fillFacts(card) {
  const m = card.info;
  const parts = [m.count + ' value' + (m.count === 1 ? '' : 's'), 'last ' + num(m.last) + ' at step ' + m.last_step];
  if (m.min !== undefined && m.min !== null) parts.push('min ' + num(m.min));
  if (m.max !== undefined && m.max !== null) parts.push('max ' + num(m.max));
  card.facts.textContent = parts.join(' · ');
}

async function load(card) {
  const id = run.id;
  if (card.busy) { card.pending = true; return; }
  card.busy = true;
  card.dirty = false;
  try {
    const n = pointsFor(card.box);
    let url = metricUrl(id, card.name) + '?points=' + n;
    if (card.zoom) url += '&from=' + Math.floor(card.zoom.from) + '&to=' + Math.ceil(card.zoom.to);
    const r = await getJson(url, run.ctl.signal);
    if (run.id !== id || run.cards.get(card.name) !== card) return;
    card.data = columns(r.points, 'step', 0);
    card.count = r.count;
    card.downsampled = r.downsampled;
    card.n = n;
    card.loaded = true;
    draw(card);
  } catch (e) {
    if (e.name === 'AbortError' || run.id !== id) return;
    card.note.textContent = e.status === 404 ? 'No values of ' + card.name + ' (yet).' : card.name + ': ' + e.message;
    card.note.hidden = false;
  } finally {
    card.busy = false;
    if (card.pending && run.cards.get(card.name) === card) { card.pending = false; load(card); }
  }
}

/** The chart from the card's points: made again when its shape (log, smoothing on or off) changes. */
function draw(card) {
  if (!card.data) return;
  const w = run.smoothing;
  const shape = (card.log ? 'log' : 'lin') + (w > 0 ? '+ema' : '');
  if (card.chart && card.shape !== shape) { card.chart.destroy(); card.chart = null; }
  if (!card.chart) {
    const color = COLORS[0];
    const series = w > 0
      ? [{ label: card.name, stroke: faint(color, 0.3), width: 1 }, { label: 'smoothed', stroke: color, width: 2 }]
      : [{ label: card.name, stroke: color, width: 1.5 }];
    card.chart = lineChart(card.box, {
      xLabel: 'step', xValue: (v) => String(Math.round(v)), series, log: card.log,
      onZoom: (min, max) => zoom(card, min, max),
      onReset: () => unzoom(card),
      onResize: () => {
        if (card.loaded && Math.abs(pointsFor(card.box) - card.n) > card.n / 4) load(card);
      }
    });
    card.shape = shape;
  }
  const xs = card.data[0];
  const ys = card.log ? positive(card.data[1]) : card.data[1];
  const data = w > 0 ? [xs, ys, smooth(ys, w)] : [xs, ys];
  card.chart.setData(data, card.zoom ? { min: card.zoom.from, max: card.zoom.to } : null);
  // For tests and curious readers: what the chart shows (its box says when it was drawn).
  card.root.dataset.points = String(xs.length);
  card.root.dataset.lastStep = xs.length ? String(xs[xs.length - 1]) : '';
  card.reset.hidden = !card.zoom;
  let note = '';
  if (xs.length === 0) note = card.zoom ? 'No values in this range.' : 'No values yet.';
  else if (card.zoom) note = 'Steps ' + Math.floor(card.zoom.from) + ' to ' + Math.ceil(card.zoom.to) + ': ' + card.count + ' values'
    + (card.downsampled ? ', drag again for more detail' : ', all shown') + '. Double-click or Reset zoom for the whole run.';
  card.note.textContent = note;
  card.note.hidden = !note;
}

function zoom(card, min, max) {
  if (!(max > min)) return;
  card.zoom = { from: min, to: max };
  card.reset.hidden = false;
  load(card);
}

function unzoom(card) {
  if (!card.zoom) return;
  card.zoom = null;
  load(card);
}

function applyFilter() {
  const q = run.filter;
  run.cards.forEach((card) => { card.root.hidden = q !== '' && !card.name.toLowerCase().includes(q); });
  document.querySelectorAll('#d-metrics .metric-group').forEach((g) => {
    g.hidden = !Array.from(g.querySelectorAll('.metric')).some((m) => !m.hidden);
  });
}

$('m-filter').addEventListener('input', () => { run.filter = $('m-filter').value.trim().toLowerCase(); applyFilter(); });
$('m-smooth').addEventListener('input', () => {
  run.smoothing = Math.min(0.99, Math.max(0, Number($('m-smooth').value) || 0));
  $('m-smooth-value').textContent = run.smoothing.toFixed(2);
  run.cards.forEach((card) => { if (card.loaded) draw(card); });
});
