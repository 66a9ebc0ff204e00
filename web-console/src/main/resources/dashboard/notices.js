// The page's own state in its top bar and banner: the connection to the server, and errors.

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
