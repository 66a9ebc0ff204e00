// Live updates: Server-Sent Events from api/events, and polling every 5 s while they are not
// available. What an event means for the page is app.js's to say: this module keeps the stream,
// or the poll, going.

import { setConn } from './notices.js';

const POLL_MS = 5000;

let source = null;
let pollTimer = null;
/** summary(kind, s), log(d), metric(d), panels(id), store(d), refresh(): the page's answers to events. */
let on = null;

function startPolling(kind, text) {
  setConn(kind, text);
  if (!pollTimer) pollTimer = setInterval(on.refresh, POLL_MS);
}
function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

let eventsRetryMs = 2000;
function openStream() {
  if (!window.EventSource) { startPolling('polling', 'polling every 5 s'); return; }
  source = new EventSource('api/events');
  source.addEventListener('open', () => { eventsRetryMs = 2000; stopPolling(); setConn('live', 'live'); on.refresh(); });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. a restarting server answered 404 or 503 for a moment): poll,
      // and try events again soon, then less often (2 s doubling to 30 s) while it keeps failing.
      startPolling('polling', 'polling every 5 s');
      const wait = eventsRetryMs;
      eventsRetryMs = Math.min(eventsRetryMs * 2, 30000);
      setTimeout(() => { if (source.readyState === EventSource.CLOSED) openStream(); }, wait);
    } else {
      startPolling('reconnecting', 'reconnecting…');
    }
  });
  ['added', 'changed', 'removed'].forEach((kind) => source.addEventListener(kind, (ev) => {
    let s;
    try { s = JSON.parse(ev.data); } catch (e) { return; }
    on.summary(kind, s);
  }));
  source.addEventListener('log', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch (e) { return; }
    on.log(d);
  });
  // {"id": run, "names": [...]}: the run's metrics file grew (at most 4 a second per run).
  source.addEventListener('metric', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch (e) { return; }
    on.metric(d);
  });
  // {"ok", "store", "problem", "since"}: a store that can be away (a database) went away or came
  // back; a page that connects meanwhile is told first.
  source.addEventListener('store', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch (e) { return; }
    on.store(d);
  });
  source.addEventListener('reset', () => on.refresh());
  source.addEventListener('panels', (ev) => {
    let id = null;
    try { id = JSON.parse(ev.data).id; } catch (e) { id = null; }
    on.panels(id);
  });
}

/** Opens the stream (or starts polling where there is no EventSource) and tells the handlers. */
export function connect(handlers) {
  on = handlers;
  openStream();
}
