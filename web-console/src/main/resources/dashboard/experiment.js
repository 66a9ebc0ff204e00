// The experiment page (#/experiment/<id>): summary, progress bars, steps, messages, errors and
// plots from GET api/experiments/<id>, the log tail (log.js), the metrics' charts (metrics.js) and
// the panels' sections (panels.js).

import { API, enc, getJson } from './api.js';
import { $, clear, el } from './dom.js';
import { clock, duration, etaText, live, pct } from './format.js';
import { loadLogTail, resetLog, stopLog } from './log.js';
import { onRunSummary, showMetrics, stopMetrics } from './metrics.js';
import { banner } from './notices.js';
import { panels } from './panels.js';
import { metaParts, stepText } from './summary.js';
import { show, showing } from './view.js';

const detail = {
  id: null, loading: null, timer: null, plotsKey: null,
  openErrors: new Set(), levels: new Set(['info', 'warning', 'error']), lastStatus: null
};

export function showDetail(id) {
  if (showing('detail') && detail.id === id) return;
  stopDetail();
  show('detail');
  detail.id = id;
  resetLog(id);
  detail.plotsKey = null;
  detail.openErrors = new Set();
  detail.lastStatus = null;
  $('d-name').textContent = id;
  document.title = id + ' — labwatch';
  ['d-bars', 'd-steps', 'd-messages', 'd-errors', 'd-log', 'd-plots'].forEach((x) => clear($(x)));
  $('log-latest').hidden = true;
  $('log-older').disabled = false;
  $('d-raw').href = API + '/' + enc(id) + '/status.json';
  $('d-lograw').href = API + '/' + enc(id) + '/log.txt';
  window.scrollTo(0, 0);
  loadDetail();
  showMetrics(id);
  panels.show(id);
  // New records arrive as 'log' events; while events are down the 5 s poll calls followLog.
  loadLogTail(200);
}

export function stopDetail() {
  if (detail.loading) detail.loading.abort();
  clearTimeout(detail.timer);
  detail.timer = null;
  detail.id = null;
  stopLog();
  stopMetrics();
  panels.hide();
}

function scheduleDetailReload(delay) {
  if (detail.timer) return;
  detail.timer = setTimeout(() => { detail.timer = null; if (showing('detail')) { loadDetail(); panels.refresh(); } }, delay);
}

export async function loadDetail() {
  const id = detail.id;
  if (detail.loading) detail.loading.abort();
  const ctl = new AbortController();
  detail.loading = ctl;
  try {
    const d = await getJson(API + '/' + enc(id), ctl.signal);
    if (detail.id !== id) return;
    renderDetail(d);
    banner('');
  } catch (e) {
    if (e.name === 'AbortError') return;
    banner(e.status === 404 ? 'No experiment "' + id + '" (its status file is gone or was never there).'
      : 'Cannot load the experiment: ' + e.message);
  } finally {
    if (detail.loading === ctl) detail.loading = null;
  }
}

function renderSummary(s) {
  $('d-name').textContent = s.name || s.id;
  const badge = $('d-state');
  badge.className = 'badge s-' + s.state;
  badge.textContent = s.state;
  const why = s.state === 'unreadable' ? 'Unreadable: ' + (s.problem || 'unknown reason') : s.stale_reason || '';
  $('d-reason').textContent = why;
  $('d-reason').hidden = !why;
  const prog = $('d-progress');
  prog.hidden = s.percent === null || s.percent === undefined;
  if (!prog.hidden) prog.value = Math.max(0, Math.min(100, s.percent));
  $('d-percent').textContent = [pct(s.percent), stepText(s)].filter(Boolean).join(' · ');
  const meta = $('d-meta');
  clear(meta);
  const parts = metaParts(s);
  if (s.start_time) parts.unshift(document.createTextNode('started ' + clock(s.start_time)));
  if (s.host) parts.push(document.createTextNode('host ' + s.host + (s.pid ? ' (pid ' + s.pid + ')' : '')));
  parts.forEach((part, i) => { if (i) meta.appendChild(document.createTextNode(' · ')); meta.appendChild(part); });
  $('d-final').textContent = s.message || '';
  $('d-final').hidden = !s.message;
  $('d-file').textContent = s.file || '';
}

function renderDetail(d) {
  renderSummary(d.summary);
  onRunSummary(d.summary);
  $('log-name').textContent = d.log_file || '(no log file yet)';
  const s = d.status;
  detail.lastStatus = s;
  if (!s) {
    ['d-bars', 'd-steps', 'd-messages', 'd-errors'].forEach((x) => clear($(x)));
    return;
  }
  renderBars(s.progress_bars || []);
  renderSteps(s);
  renderMessages(s.messages || []);
  renderErrors(s.errors || [], s.error_count);
  const key = (s.plots || []).length + '|' + d.summary.modified;
  const plotsKey = (s.plots || []).map((p) => p.file + p.timestamp).join('|') || (s.format_version ? 'none' : key);
  if (plotsKey !== detail.plotsKey) { detail.plotsKey = plotsKey; loadPlots(); }
}

function renderBars(bars) {
  const box = $('d-bars');
  clear(box);
  $('sec-bars').hidden = bars.length === 0;
  bars.forEach((b) => {
    const row = el('div', 'bar' + (b.state === 'running' ? '' : ' done'));
    const label = el('div', 'label');
    label.appendChild(el('span', null, (b.description || 'progress') + (b.message ? ' — ' + b.message : '')));
    const facts = [b.n + (b.total > 0 ? '/' + b.total : '')];
    if (b.percent !== null && b.percent !== undefined) facts.push(pct(b.percent));
    if (b.rate) facts.push((Math.round(b.rate * 100) / 100) + ' it/s');
    if (b.state === 'running' && b.eta_s !== null && b.eta_s !== undefined && b.updated) {
      facts.push(etaText(new Date(Date.parse(b.updated) + b.eta_s * 1000).toISOString()));
    }
    if (b.state !== 'running') facts.push(b.state);
    label.appendChild(el('span', null, facts.join(' · ')));
    row.appendChild(label);
    if (b.total > 0) {
      const p = el('progress');
      p.max = b.total;
      p.value = Math.min(b.n, b.total);
      row.appendChild(p);
    }
    box.appendChild(row);
  });
}

function renderSteps(s) {
  const ol = $('d-steps');
  clear(ol);
  const steps = s.steps || [];
  $('sec-steps').hidden = steps.length === 0;
  steps.forEach((st, i) => {
    const li = el('li', s.status === 'running' && i === steps.length - 1 ? 'current' : '');
    li.value = st.step_number > 0 ? st.step_number : i + 1;
    li.appendChild(el('span', null, st.name || '(unnamed step)'));
    if (st.message) li.appendChild(el('span', 'when', '— ' + st.message));
    if (st.timestamp) li.appendChild(el('span', 'when', clock(st.timestamp)));
    // A workflow step says how long it took; otherwise it lasted until the next one began,
    // and the last one of a running experiment is still going.
    let dur = null;
    if (st.duration_s !== null && st.duration_s !== undefined) {
      dur = el('span', 'dur', '(' + duration(st.duration_s) + ')');
    } else if (st.timestamp && i + 1 < steps.length && steps[i + 1].timestamp) {
      dur = el('span', 'dur', '(' + duration((Date.parse(steps[i + 1].timestamp) - Date.parse(st.timestamp)) / 1000) + ')');
    } else if (st.timestamp && i === steps.length - 1 && s.status === 'running') {
      dur = live(el('span', 'dur'), 'ago', st.timestamp, 'running, started ');
    }
    if (dur) li.appendChild(dur);
    ol.appendChild(li);
  });
}

function renderMessages(messages) {
  const ul = $('d-messages');
  const atTop = ul.scrollTop;
  clear(ul);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!detail.levels.has(m.level)) continue;
    const li = el('li');
    if (m.timestamp) li.appendChild(el('span', 'when', clock(m.timestamp)));
    li.appendChild(el('span', 'lvl lvl-' + m.level, m.level));
    li.appendChild(document.createTextNode(m.message === null ? '' : m.message));
    ul.appendChild(li);
  }
  if (!ul.firstChild) ul.appendChild(el('li', 'when', 'No messages at the chosen levels.'));
  ul.scrollTop = atTop;
}

$('levels').addEventListener('change', () => {
  detail.levels = new Set(Array.from($('levels').querySelectorAll('input:checked')).map((i) => i.value));
  if (detail.lastStatus) renderMessages(detail.lastStatus.messages || []);
});

function renderErrors(errors, total) {
  const ul = $('d-errors');
  clear(ul);
  $('d-errcount').textContent = '(' + (total || errors.length) + ')';
  if (errors.length === 0) { ul.appendChild(el('li', 'when', 'No errors.')); return; }
  for (let i = errors.length - 1; i >= 0; i--) {
    const e = errors[i];
    const key = (e.timestamp || '') + '|' + i + '|' + (e.message || '');
    const li = el('li');
    if (e.traceback) {
      const det = el('details');
      det.open = detail.openErrors.has(key);
      const sum = el('summary');
      if (e.timestamp) sum.appendChild(el('span', 'when', clock(e.timestamp)));
      sum.appendChild(document.createTextNode(e.message || '(no message)'));
      det.append(sum, el('pre', null, e.traceback));
      det.addEventListener('toggle', () => { if (det.open) detail.openErrors.add(key); else detail.openErrors.delete(key); });
      li.appendChild(det);
    } else {
      if (e.timestamp) li.appendChild(el('span', 'when', clock(e.timestamp)));
      li.appendChild(el('span', 'error-text', e.message || '(no message)'));
    }
    ul.appendChild(li);
  }
}

async function loadPlots() {
  const id = detail.id;
  try {
    const r = await getJson(API + '/' + enc(id) + '/plots');
    if (detail.id !== id) return;
    const box = $('d-plots');
    clear(box);
    $('d-plotcount').textContent = '(' + r.plots.length + ')';
    if (r.plots.length === 0) box.appendChild(el('p', 'when', 'No plots yet.'));
    r.plots.forEach((p) => {
      const src = API + '/' + enc(id) + '/plots/' + enc(p.file);
      const fig = el('figure');
      const btn = el('button');
      btn.type = 'button';
      btn.title = 'Show ' + p.file + ' full size';
      const img = el('img');
      img.loading = 'lazy';
      img.alt = p.file;
      img.src = src + '?v=' + enc(p.modified);
      btn.appendChild(img);
      btn.addEventListener('click', () => openViewer(p.file, img.src));
      const cap = el('figcaption');
      cap.appendChild(document.createTextNode(p.file + ' · '));
      cap.appendChild(live(el('span'), 'ago', p.modified, ''));
      fig.append(btn, cap);
      box.appendChild(fig);
    });
  } catch (e) {
    if (detail.id === id) { clear($('d-plots')); $('d-plots').appendChild(el('p', 'when', 'Plots: ' + e.message)); }
  }
}

function openViewer(name, src) {
  $('viewer-name').textContent = name;
  $('viewer-img').src = src;
  $('viewer-img').alt = name;
  $('viewer-open').href = src;
  const v = $('viewer');
  if (typeof v.showModal === 'function') v.showModal(); else window.open(src, '_blank', 'noopener');
}
$('viewer').addEventListener('click', (e) => { if (e.target === $('viewer')) $('viewer').close(); });

/** An added, changed or removed run while an experiment page is shown. */
export function onSummary(kind, s) {
  if (s.id !== detail.id) return;
  if (kind !== 'removed') renderSummary(s);
  scheduleDetailReload(300);
}
