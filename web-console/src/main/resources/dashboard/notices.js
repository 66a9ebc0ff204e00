// The page's own state in its top bar and banners: the connection to the server, errors, and a
// store that is away (a database restarting: the server shows what it last read meanwhile).

import { $ } from './dom.js';

export function setConn(kind, text) {
  const c = $('conn');
  c.className = 'conn conn-' + kind;
  c.textContent = text;
}
export function banner(text) {
  const b = $('banner');
  b.textContent = text || '';
  b.hidden = !text;
}

/**
 * The store's state from a `store` event ({"ok", "store", "problem", "since"}): a banner while it
 * is away, none when it is back. Returns true when it was shown and is gone now: the page then
 * loads again what it shows, as the server has caught up.
 */
export function storeState(d) {
  const b = $('store-banner');
  const wasShown = !b.hidden;
  if (!d || d.ok) {
    b.textContent = '';
    b.title = '';
    b.hidden = true;
    return wasShown;
  }
  const since = Date.parse(d.since);
  const at = isNaN(since) ? '' : ' since ' + new Date(since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  b.textContent = 'The store (' + (d.store || 'its database') + ') is away' + at
    + ' — showing what was last read; catching up when it is back';
  b.title = d.problem || '';
  b.hidden = false;
  return false;
}
