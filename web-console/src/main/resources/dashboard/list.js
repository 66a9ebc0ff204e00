// The experiment list (#/): one page of GET api/experiments with filter, sort and paging; rows are
// kept by id and updated in place. Each row has a checkbox that picks the run for comparison; the
// picks outlive paging and filtering, and the compare bar links to the compare view of them.

import { API, enc, getJson } from './api.js';
import { compareHash } from './compare.js';
import { $, clear, el } from './dom.js';
import { banner } from './notices.js';
import { metaParts, stepText } from './summary.js';
import { show, showing } from './view.js';

const list = {
  offset: 0, limit: 100, q: '', state: '', sort: '-updated', rows: new Map(), loading: null, timer: null,
  picked: []
};

export function showList() {
  if (!showing('list')) {
    show('list');
    document.title = 'labwatch';
  }
  loadList();
}

function listUrl() {
  let u = API + '?offset=' + list.offset + '&limit=' + list.limit + '&sort=' + enc(list.sort);
  if (list.state) u += '&state=' + enc(list.state);
  if (list.q) u += '&q=' + enc(list.q);
  return u;
}

export async function loadList() {
  if (list.loading) list.loading.abort();
  const ctl = new AbortController();
  list.loading = ctl;
  try {
    const page = await getJson(listUrl(), ctl.signal);
    if (!showing('list')) return;
    if (page.total > 0 && page.offset >= page.total) {
      list.offset = Math.max(0, Math.floor((page.total - 1) / list.limit) * list.limit);
      loadList();
      return;
    }
    renderList(page);
    banner('');
  } catch (e) {
    if (e.name !== 'AbortError') banner('Cannot load experiments: ' + e.message);
  } finally {
    if (list.loading === ctl) list.loading = null;
  }
}

function scheduleListReload(delay) {
  if (list.timer) return;
  list.timer = setTimeout(() => { list.timer = null; if (showing('list')) loadList(); }, delay);
}

function renderList(page) {
  const filtered = list.q || list.state;
  const all = Object.values(page.counts || {}).reduce((a, b) => a + b, 0);
  $('empty').hidden = all > 0;
  $('no-match').hidden = !(all > 0 && page.total === 0);
  const dirs = $('dirs');
  clear(dirs);
  (page.status_directories || []).forEach((d) => { const li = el('li'); li.appendChild(el('code', null, d)); dirs.appendChild(li); });

  const counts = $('counts');
  clear(counts);
  if (all > 0) {
    const parts = [];
    Object.entries(page.counts).forEach(([state, n]) => { if (n > 0) parts.push(n + ' ' + state); });
    counts.textContent = all + ' experiment' + (all === 1 ? '' : 's') + ': ' + parts.join(', ')
      + (filtered ? ' — ' + page.total + ' shown by the filter' : '');
  }

  // Rows are kept by id and updated in place, so scrolling and focus survive every update.
  const ul = $('experiments');
  const seen = new Set();
  page.experiments.forEach((s, i) => {
    let li = list.rows.get(s.id);
    if (!li) { li = makeRow(); list.rows.set(s.id, li); }
    fillRow(li, s);
    seen.add(s.id);
    if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
  });
  list.rows.forEach((li, id) => { if (!seen.has(id)) { li.remove(); list.rows.delete(id); } });

  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.experiments.length;
  $('page-info').textContent = page.total > list.limit ? from + '–' + to + ' of ' + page.total : '';
  $('prev').disabled = page.offset <= 0;
  $('next').disabled = to >= page.total;
  $('prev').parentElement.hidden = page.total <= list.limit;
}

function makeRow() {
  const li = el('li', 'exp');
  const pick = el('input', 'pick');
  pick.type = 'checkbox';
  pick.addEventListener('change', () => {
    const id = li._id;
    list.picked = list.picked.filter((x) => x !== id);
    if (pick.checked) list.picked.push(id);
    renderPicked();
  });
  const a = el('a', 'row');
  const thumb = el('img', 'thumb');
  thumb.alt = '';
  thumb.loading = 'lazy';
  const none = el('span', 'thumb none');
  const body = el('div', 'body');
  const title = el('div', 'title');
  const name = el('span', 'name');
  const badge = el('span', 'badge');
  title.append(name, badge);
  const step = el('div', 'step');
  const bar = el('progress');
  bar.max = 100;
  const meta = el('div', 'meta');
  const reason = el('p', 'reason');
  body.append(title, step, bar, meta, reason);
  a.append(thumb, none, body);
  li.append(pick, a);
  li._parts = { pick, a, thumb, none, name, badge, step, bar, meta, reason };
  return li;
}

function fillRow(li, s) {
  const p = li._parts;
  li._id = s.id;
  li.className = 'exp s-' + s.state;
  p.pick.checked = list.picked.includes(s.id);
  p.pick.title = 'Pick ' + s.id + ' for comparison';
  p.pick.ariaLabel = p.pick.title;
  p.a.href = '#/experiment/' + enc(s.id);
  p.name.textContent = s.name || s.id;
  p.badge.textContent = s.state;
  p.step.textContent = stepText(s);
  if (s.percent === null || s.percent === undefined) {
    p.bar.hidden = true;
  } else {
    p.bar.hidden = false;
    p.bar.value = Math.max(0, Math.min(100, s.percent));
  }
  clear(p.meta);
  metaParts(s).forEach((part, i) => {
    if (i) p.meta.appendChild(document.createTextNode(' · '));
    p.meta.appendChild(part);
  });
  const why = s.state === 'unreadable' ? 'Unreadable: ' + (s.problem || 'unknown reason') : s.stale_reason || '';
  p.reason.textContent = why;
  p.reason.hidden = !why;
  const plot = s.latest_plot;
  const src = plot ? API + '/' + enc(s.id) + '/plots/' + enc(plot.file) : '';
  if (src) {
    if (p.thumb.getAttribute('src') !== src) p.thumb.src = src;
    p.thumb.alt = 'Latest plot: ' + plot.file;
  } else {
    p.thumb.removeAttribute('src');
  }
  p.thumb.hidden = !src;
  p.none.hidden = !!src;
}

// The picked runs, in the order they were picked (the first is the one the others are measured against).
function renderPicked() {
  const n = list.picked.length;
  $('compare-bar').hidden = n === 0;
  $('compare-count').textContent = n === 1 ? '1 run picked: pick another to compare'
    : n + ' runs picked' + (n > 10 ? ' (the first 10 are compared)' : '');
  $('compare-go').hidden = n < 2;
  $('compare-go').href = compareHash(list.picked.slice(0, 10), null, 'step', false);
}

let qTimer = null;
$('q').addEventListener('input', () => {
  clearTimeout(qTimer);
  qTimer = setTimeout(() => { list.q = $('q').value.trim(); list.offset = 0; loadList(); }, 250);
});
$('controls').addEventListener('submit', (e) => e.preventDefault());
$('state').addEventListener('change', () => { list.state = $('state').value; list.offset = 0; loadList(); });
$('sort').addEventListener('change', () => { list.sort = $('sort').value; list.offset = 0; loadList(); });
$('prev').addEventListener('click', () => { list.offset = Math.max(0, list.offset - list.limit); loadList(); window.scrollTo(0, 0); });
$('compare-clear').addEventListener('click', () => {
  list.picked = [];
  list.rows.forEach((li) => { li._parts.pick.checked = false; });
  renderPicked();
});
$('next').addEventListener('click', () => { list.offset += list.limit; loadList(); window.scrollTo(0, 0); });

/** An added, changed or removed run while the list is shown. */
export function onSummary(kind, s) {
  const li = list.rows.get(s.id);
  if (li && kind !== 'removed') fillRow(li, s);
  // Order, filters, counts and paging can change with any event: fetch the page again,
  // at most once a second, rows already updated in place meanwhile.
  scheduleListReload(1000);
}
