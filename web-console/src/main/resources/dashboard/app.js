// labwatch dashboard. No build step, no library. Every string that comes from an experiment is
// put into the page with textContent or createTextNode (never as markup), and the server's CSP
// allows no inline script or style: this file is the only script.
'use strict';

(function () {
  const API = 'api/experiments';
  const POLL_MS = 5000;
  const LOG_MAX_LINES = 10000;

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;

  // ---- small DOM helpers (text only) ----
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- time, corrected for the difference between this device's clock and the server's ----
  let skewMs = 0;
  function now() { return Date.now() + skewMs; }
  function noteServerDate(res) {
    const d = Date.parse(res.headers.get('Date') || '');
    if (!isNaN(d)) skewMs = d - Date.now();
  }
  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min';
    if (seconds < 86400) {
      const m = Math.floor((seconds % 3600) / 60);
      return Math.floor(seconds / 3600) + ' h' + (m ? ' ' + m + ' min' : '');
    }
    const h = Math.floor((seconds % 86400) / 3600);
    return Math.floor(seconds / 86400) + ' d' + (h ? ' ' + h + ' h' : '');
  }
  function ago(iso) {
    const t = Date.parse(iso);
    return isNaN(t) ? '' : duration((now() - t) / 1000) + ' ago';
  }
  function clock(iso) {
    const t = Date.parse(iso);
    return isNaN(t) ? '' : new Date(t).toLocaleString();
  }
  function etaText(iso) {
    const t = Date.parse(iso);
    if (isNaN(t)) return '';
    const left = (t - now()) / 1000;
    return left < 1 ? 'ETA any moment' : 'ETA ' + duration(left); // not "ETA 0 s" in its last second
  }
  function pct(p) {
    return p === null || p === undefined ? '' : (Math.round(p * 10) / 10).toFixed(1) + ' %';
  }
  // Texts that depend on the clock ("updated 12 s ago", "ETA 5 min", "no sign of life for ...") are
  // marked with data-ago / data-eta and refreshed every second without touching anything else.
  function live(node, kind, iso, prefix) {
    node.dataset[kind] = iso || '';
    node.dataset.prefix = prefix || '';
    refreshLive(node);
    return node;
  }
  function refreshLive(node) {
    if (node.dataset.ago !== undefined) node.textContent = node.dataset.ago ? node.dataset.prefix + ago(node.dataset.ago) : '';
    else if (node.dataset.eta !== undefined) node.textContent = node.dataset.eta ? etaText(node.dataset.eta) : '';
  }
  setInterval(() => document.querySelectorAll('[data-ago],[data-eta]').forEach(refreshLive), 1000);

  // ---- connection state and errors ----
  function setConn(kind, text) {
    const c = $('conn');
    c.className = 'conn conn-' + kind;
    c.textContent = text;
  }
  function banner(text) {
    const b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  async function getJson(url, signal) {
    let res;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' }, signal: signal, cache: 'no-cache' });
    } catch (e) {
      // A network failure ("Failed to fetch") means the dashboard's server, not the run, is away.
      if (e.name === 'AbortError') throw e;
      throw new Error('the labwatch server does not answer (' + e.message + ')');
    }
    noteServerDate(res);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = new Error(body && body.error ? body.error : 'HTTP ' + res.status);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // ---- routing: #/ is the list, #/experiment/<id> an experiment ----
  let view = null;
  function route() {
    const h = location.hash || '#/';
    const m = /^#\/experiment\/(.+)$/.exec(h);
    if (m) {
      let id;
      try { id = decodeURIComponent(m[1]); } catch (e) { id = null; }
      if (id !== null) { showDetail(id); return; }
    }
    showList();
  }
  window.addEventListener('hashchange', route);

  // =====================================================================================
  // The list
  // =====================================================================================
  const list = { offset: 0, limit: 100, q: '', state: '', sort: '-updated', rows: new Map(), loading: null, timer: null };

  function showList() {
    if (view !== 'list') {
      stopDetail();
      view = 'list';
      $('detail-view').hidden = true;
      $('list-view').hidden = false;
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

  async function loadList() {
    if (list.loading) list.loading.abort();
    const ctl = new AbortController();
    list.loading = ctl;
    try {
      const page = await getJson(listUrl(), ctl.signal);
      if (view !== 'list') return;
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
    list.timer = setTimeout(() => { list.timer = null; if (view === 'list') loadList(); }, delay);
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
    li.appendChild(a);
    li._parts = { a, thumb, none, name, badge, step, bar, meta, reason };
    return li;
  }

  function fillRow(li, s) {
    const p = li._parts;
    li.className = 'exp s-' + s.state;
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

  function stepText(s) {
    if (s.state === 'unreadable') return s.file || '';
    const parts = [];
    if (s.total_steps > 0) parts.push('Step ' + s.current_step + '/' + s.total_steps);
    if (s.step_name) parts.push(s.step_name);
    if (s.progress_bar && s.progress_bar.description) {
      const b = s.progress_bar;
      parts.push(b.description + ' ' + b.n + (b.total > 0 ? '/' + b.total : ''));
    }
    return parts.join(' · ');
  }

  function metaParts(s) {
    const parts = [];
    if (s.percent !== null && s.percent !== undefined) parts.push(document.createTextNode(pct(s.percent)));
    if (s.eta_at) parts.push(live(el('span'), 'eta', s.eta_at));
    const updated = s.last_update || s.last_sign_of_life || s.modified;
    if (updated) parts.push(live(el('span'), 'ago', updated, 'updated '));
    if (s.error_count > 0) parts.push(el('span', 'errors-count', s.error_count + ' error' + (s.error_count === 1 ? '' : 's')));
    return parts;
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
  $('next').addEventListener('click', () => { list.offset += list.limit; loadList(); window.scrollTo(0, 0); });

  // =====================================================================================
  // One experiment
  // =====================================================================================
  const detail = {
    id: null, loading: null, timer: null, logBusy: false, logPending: false, logFile: null,
    nextOffset: 0, firstOffset: null, loadedLines: 0, plotsKey: null,
    openErrors: new Set(), levels: new Set(['info', 'warning', 'error']), lastStatus: null
  };

  function showDetail(id) {
    if (view === 'detail' && detail.id === id) return;
    stopDetail();
    view = 'detail';
    detail.id = id;
    detail.nextOffset = 0;
    detail.logFile = null;
    detail.logPending = false;
    detail.firstOffset = null;
    detail.loadedLines = 0;
    detail.plotsKey = null;
    detail.openErrors = new Set();
    detail.lastStatus = null;
    $('list-view').hidden = true;
    $('detail-view').hidden = false;
    $('d-name').textContent = id;
    document.title = id + ' — labwatch';
    ['d-bars', 'd-steps', 'd-messages', 'd-errors', 'd-log', 'd-plots'].forEach((x) => clear($(x)));
    $('log-latest').hidden = true;
    $('log-older').disabled = false;
    $('d-raw').href = API + '/' + enc(id) + '/status.json';
    $('d-lograw').href = API + '/' + enc(id) + '/log.txt';
    window.scrollTo(0, 0);
    loadDetail();
    window.labwatch.panels.show(id);
    // New records arrive as 'log' events; while events are down the 5 s poll calls followLog.
    loadLogTail(200);
  }

  function stopDetail() {
    if (detail.loading) detail.loading.abort();
    clearTimeout(detail.timer);
    detail.timer = null;
    detail.id = null;
    window.labwatch.panels.hide();
  }

  function scheduleDetailReload(delay) {
    if (detail.timer) return;
    detail.timer = setTimeout(() => { detail.timer = null; if (view === 'detail') { loadDetail(); window.labwatch.panels.refresh(); } }, delay);
  }

  async function loadDetail() {
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

  // ---- log tail: follows while the reader is at the bottom, pauses when they scroll up ----
  function logAtBottom() {
    const box = $('d-log');
    return box.scrollHeight - box.scrollTop - box.clientHeight < 8;
  }
  function logLine(e) {
    const div = el('div', 'line');
    div.dataset.offset = e.offset;
    if (e.time) div.appendChild(el('span', 'when', logTime(e.time)));
    if (e.level) div.appendChild(el('span', 'lvl lvl-' + e.level, e.level));
    div.appendChild(document.createTextNode(e.message === null ? '' : e.message));
    return div;
  }
  // The API's ISO time drops trailing zeros of the fraction ("12:00:00.2", "12:00:01"); the tail
  // shows milliseconds always, as the log file does, so its time column stays aligned.
  function logTime(iso) {
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(iso);
    return m ? m[1] + ' ' + m[2] + '.' + ((m[3] || '') + '000').slice(0, 3) : iso.replace('T', ' ');
  }
  function logNote(text) { return el('div', 'note', text); }

  async function loadLogTail(n) {
    const id = detail.id;
    detail.logBusy = true;
    try {
      const r = await getJson(API + '/' + enc(id) + '/log?tail=' + n);
      if (detail.id !== id) return;
      const box = $('d-log');
      clear(box);
      r.entries.forEach((e) => box.appendChild(logLine(e)));
      if (r.entries.length === 0) box.appendChild(logNote('The log is empty so far.'));
      detail.nextOffset = r.next_offset;
      detail.logFile = r.file;
      detail.firstOffset = r.entries.length ? r.entries[0].offset : null;
      detail.loadedLines = r.entries.length;
      $('log-older').disabled = r.entries.length < n;
      box.scrollTop = box.scrollHeight;
    } catch (e) {
      if (detail.id === id) { clear($('d-log')); $('d-log').appendChild(logNote(e.message)); $('log-older').disabled = true; }
    } finally {
      logDone();
    }
  }

  // Appends records that continue the log where the page has it (an ?after= answer or a 'log' event).
  function appendLog(r) {
    const box = $('d-log');
    const follow = logAtBottom();
    if (r.restarted) { clear(box); box.appendChild(logNote('— the log file was replaced or truncated; reading it from its start —')); }
    if (r.entries.length && box.firstChild && box.firstChild.className === 'note' && !r.restarted) box.removeChild(box.firstChild);
    r.entries.forEach((e) => box.appendChild(logLine(e)));
    if (detail.firstOffset === null && r.entries.length) detail.firstOffset = r.entries[0].offset;
    detail.loadedLines += r.entries.length;
    while (box.childElementCount > LOG_MAX_LINES) { box.removeChild(box.firstChild); $('log-older').disabled = true; }
    detail.nextOffset = r.next_offset;
    if (r.file) detail.logFile = r.file;
    if (follow) box.scrollTop = box.scrollHeight;
    else if (r.entries.length) $('log-latest').hidden = false;
  }

  // A 'log' event that came while a request was out is looked at again once it is back.
  function logDone() {
    detail.logBusy = false;
    if (detail.logPending && detail.id) { detail.logPending = false; followLog(); }
  }

  async function followLog() {
    const id = detail.id;
    if (!id) return;
    if (detail.logBusy) { detail.logPending = true; return; }
    detail.logBusy = true;
    try {
      const r = await getJson(API + '/' + enc(id) + '/log?after=' + detail.nextOffset);
      if (detail.id !== id) return;
      appendLog(r);
    } catch (e) {
      // 404 while the run has not written its log yet; the next event or poll tries again.
    } finally {
      logDone();
    }
  }

  // A 'log' event carries the records from byte 'from' on: appended when the page's log ends
  // exactly there, skipped when the page already has them (a replay after reconnecting), and
  // otherwise (a gap, another file, a restart) the page asks for what it is missing itself.
  function onLog(ev) {
    if (view !== 'detail' || ev.id !== detail.id) return;
    if (detail.logBusy) { detail.logPending = true; return; }
    const sameFile = ev.file === detail.logFile;
    if (sameFile && !ev.restarted && ev.from === detail.nextOffset) appendLog(ev);
    else if (sameFile && !ev.restarted && ev.next_offset <= detail.nextOffset) return;
    else followLog();
  }

  $('d-log').addEventListener('scroll', () => { if (logAtBottom()) $('log-latest').hidden = true; });
  $('log-latest').addEventListener('click', () => {
    const box = $('d-log');
    box.scrollTop = box.scrollHeight;
    $('log-latest').hidden = true;
  });
  $('log-older').addEventListener('click', async () => {
    const id = detail.id;
    if (detail.firstOffset === null || detail.logBusy) return;
    detail.logBusy = true;
    const btn = $('log-older');
    btn.disabled = true;
    try {
      const want = Math.min(10000, detail.loadedLines + 500);
      const r = await getJson(API + '/' + enc(id) + '/log?tail=' + want);
      if (detail.id !== id) return;
      const older = r.entries.filter((e) => e.offset < detail.firstOffset);
      const box = $('d-log');
      const before = box.scrollHeight;
      const frag = document.createDocumentFragment();
      older.forEach((e) => frag.appendChild(logLine(e)));
      box.insertBefore(frag, box.firstChild);
      box.scrollTop += box.scrollHeight - before;
      if (older.length) detail.firstOffset = older[0].offset;
      detail.loadedLines += older.length;
      btn.disabled = older.length === 0 || r.entries.length < want || want >= 10000;
      if (btn.disabled) box.insertBefore(logNote(older.length || r.entries.length < want ? '— start of the log —' : '— older records: open the log file —'), box.firstChild);
    } catch (e) {
      btn.disabled = false;
    } finally {
      logDone();
    }
  });

  // =====================================================================================
  // Live updates: Server-Sent Events, polling every 5 s while they are not available
  // =====================================================================================
  let source = null;
  let pollTimer = null;

  function onSummary(kind, s) {
    if (view === 'list') {
      const li = list.rows.get(s.id);
      if (li && kind !== 'removed') fillRow(li, s);
      // Order, filters, counts and paging can change with any event: fetch the page again,
      // at most once a second, rows already updated in place meanwhile.
      scheduleListReload(1000);
    } else if (view === 'detail' && s.id === detail.id) {
      if (kind !== 'removed') renderSummary(s);
      scheduleDetailReload(300);
    }
  }

  function refreshView() {
    if (view === 'list') loadList();
    else if (view === 'detail') { loadDetail(); followLog(); window.labwatch.panels.refresh(); }
  }

  function startPolling(kind, text) {
    setConn(kind, text);
    if (!pollTimer) pollTimer = setInterval(refreshView, POLL_MS);
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  let eventsRetryMs = 2000;
  function connect() {
    if (!window.EventSource) { startPolling('polling', 'polling every 5 s'); return; }
    source = new EventSource('api/events');
    source.addEventListener('open', () => { eventsRetryMs = 2000; stopPolling(); setConn('live', 'live'); refreshView(); });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. a restarting server answered 404 or 503 for a moment): poll,
        // and try events again soon, then less often (2 s doubling to 30 s) while it keeps failing.
        startPolling('polling', 'polling every 5 s');
        const wait = eventsRetryMs;
        eventsRetryMs = Math.min(eventsRetryMs * 2, 30000);
        setTimeout(() => { if (source.readyState === EventSource.CLOSED) connect(); }, wait);
      } else {
        startPolling('reconnecting', 'reconnecting…');
      }
    });
    ['added', 'changed', 'removed'].forEach((kind) => source.addEventListener(kind, (ev) => {
      let s;
      try { s = JSON.parse(ev.data); } catch (e) { return; }
      onSummary(kind, s);
    }));
    source.addEventListener('log', (ev) => {
      let d;
      try { d = JSON.parse(ev.data); } catch (e) { return; }
      onLog(d);
    });
    source.addEventListener('reset', refreshView);
    source.addEventListener('panels', (ev) => {
      let id = null;
      try { id = JSON.parse(ev.data).id; } catch (e) { id = null; }
      window.labwatch.panels.changed(id);
    });
  }

  route();
  connect();
}());
