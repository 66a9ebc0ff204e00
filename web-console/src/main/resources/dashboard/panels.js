// Sections of the experiment page from GET api/panels: the page's own (kind "page", drawn by experiment.js)
// and any bundle's DashboardPanel, placed in their order, added and removed live on the "panels"
// event. Panel HTML was reduced to plain structure by the server; it is copied node by node once
// more here (never assigned as markup) with the rules the server sends, so nothing in it can run.
// A panel's own script is a classic script that calls window.labwatch.panels.register: the object
// this module exports is published there for it.

// The server's allowlist (html_rules in GET api/panels); until it has answered, nothing is allowed.
let allowed = new Set();
let classNames = /^$/;
const renderers = new Map();
const scripts = new Map();
const drawn = new WeakMap();
let experiment = null;
let timer = null;
let loading = null;

function copyAllowed(from, to) {
  for (const n of Array.from(from.childNodes)) {
    if (n.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(n.nodeValue));
    } else if (n.nodeType === Node.ELEMENT_NODE) {
      const tag = n.tagName.toLowerCase();
      if (!allowed.has(tag)) { to.appendChild(document.createTextNode(n.textContent)); continue; }
      const e = document.createElement(tag);
      const cls = n.getAttribute('class');
      if (cls && classNames.test(cls)) e.className = cls;
      copyAllowed(n, e);
      to.appendChild(e);
    }
  }
}

function rules(r) {
  if (!r || !Array.isArray(r.tags) || typeof r.class_pattern !== 'string') return;
  allowed = new Set(r.tags);
  classNames = new RegExp('^(?:' + r.class_pattern + ')$');
}

function loadScript(id, src) {
  if (!scripts.has(id)) {
    scripts.set(id, new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.dataset.panelScript = id;
      s.onload = resolve;
      s.onerror = () => { scripts.delete(id); reject(new Error('its script did not load')); };
      document.head.appendChild(s);
    }));
  }
  return scripts.get(id);
}

// A panel bundle that is replaced (a new jar in deploy/) goes and comes back: its script may have
// changed, so the next drawing loads it again instead of keeping the old renderer.
function forget(id) {
  scripts.delete(id);
  renderers.delete(id);
  document.querySelectorAll('script[data-panel-script]').forEach((s) => { if (s.dataset.panelScript === id) s.remove(); });
  const sec = Array.from(document.getElementById('detail-view').children).find((c) => c.dataset.panelId === id);
  if (sec) drawn.delete(sec);
}

function note(body, text) {
  while (body.firstChild) body.removeChild(body.firstChild);
  const p = document.createElement('p');
  p.className = 'panel-error';
  p.textContent = text;
  body.appendChild(p);
}

function section(p) {
  const d = document.createElement('details');
  d.className = 'section panel';
  d.open = true;
  d.dataset.panelId = p.id;
  const summary = document.createElement('summary');
  d.appendChild(summary);
  const body = document.createElement('div');
  body.className = 'panel-body';
  d.appendChild(body);
  return d;
}

function fill(sec, p) {
  if (p.kind === 'page') return;
  sec.querySelector('summary').textContent = p.title;
  const body = sec.querySelector('.panel-body');
  const key = JSON.stringify([p.kind, p.html, p.data, p.error]);
  if (drawn.get(sec) === key) return;
  drawn.set(sec, key);
  if (p.kind === 'html') {
    const doc = new DOMParser().parseFromString(p.html, 'text/html');
    while (body.firstChild) body.removeChild(body.firstChild);
    copyAllowed(doc.body, body);
  } else if (p.kind === 'json') {
    loadScript(p.id, p.script).then(() => {
      const draw = renderers.get(p.id);
      if (!draw) { note(body, 'Panel "' + p.id + '": its script registered no renderer.'); return; }
      while (body.firstChild) body.removeChild(body.firstChild);
      try { draw(body, p.data); } catch (e) { note(body, 'Panel "' + p.id + '" failed: ' + e.message); }
    }, (e) => note(body, 'Panel "' + p.id + '": ' + e.message));
  } else {
    note(body, p.error || ('Panel "' + p.id + '" sent content of an unknown kind.'));
  }
}

function layout(panels) {
  const view = document.getElementById('detail-view');
  const seen = new Set();
  let prev = null;
  for (const p of panels) {
    let sec = Array.from(view.children).find((c) => c.dataset.panelId === p.id);
    if (!sec) sec = section(p);
    if (prev === null) {
      const first = Array.from(view.children).find((c) => c.dataset.panelId);
      if (first !== sec) view.insertBefore(sec, first || null);
    } else if (prev.nextElementSibling !== sec) {
      prev.after(sec);
    }
    fill(sec, p);
    seen.add(p.id);
    prev = sec;
  }
  removeExtra(seen);
}

function removeExtra(keep) {
  const view = document.getElementById('detail-view');
  for (const c of Array.from(view.children)) {
    if (c.classList.contains('panel') && !keep.has(c.dataset.panelId)) c.remove();
  }
}

async function load() {
  const id = experiment;
  if (id === null) return;
  if (loading) loading.abort();
  const ctl = new AbortController();
  loading = ctl;
  try {
    const r = await fetch('api/panels?experiment=' + encodeURIComponent(id), { signal: ctl.signal, cache: 'no-cache' });
    if (!r.ok || experiment !== id) return;
    const body = await r.json();
    rules(body.html_rules);
    layout(body.panels);
  } catch (e) {
    // Aborted by a newer load, or the server is away: the next event or poll tries again.
  } finally {
    if (loading === ctl) loading = null;
  }
}

export const panels = {
  /** For a panel's own script: draw(element, data) is called with the panel's JSON whenever it changes. */
  register(id, draw) {
    if (typeof draw === 'function') renderers.set(String(id), draw);
  },
  show(id) {
    experiment = id;
    removeExtra(new Set());
    load();
  },
  hide() {
    experiment = null;
    clearTimeout(timer);
    timer = null;
  },
  /** The 'panels' event: panel {@code id} came or went. */
  changed(id) {
    if (typeof id === 'string') forget(id);
    this.refresh();
  },
  /** The experiment or the set of panels changed: ask again, at most every 300 ms. */
  refresh() {
    if (experiment === null || timer) return;
    timer = setTimeout(() => { timer = null; load(); }, 300);
  }
};

window.labwatch = window.labwatch || {};
window.labwatch.panels = panels;
