// The facts of an experiment's summary (its line in GET api/experiments), shown alike in the list
// and on the experiment page.

import { el } from './dom.js';
import { live, pct } from './format.js';

export function stepText(s) {
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

export function metaParts(s) {
  const parts = [];
  if (s.percent !== null && s.percent !== undefined) parts.push(document.createTextNode(pct(s.percent)));
  if (s.eta_at) parts.push(live(el('span'), 'eta', s.eta_at));
  const updated = s.last_update || s.last_sign_of_life || s.modified;
  if (updated) parts.push(live(el('span'), 'ago', updated, 'updated '));
  if (s.error_count > 0) parts.push(el('span', 'errors-count', s.error_count + ' error' + (s.error_count === 1 ? '' : 's')));
  // A run shipped from another machine: where from, and whether that machine is still sending
  // what it wrote while the server was away (then it is not stale, only behind).
  if (s.source) parts.push(el('span', 'source', 'from ' + s.source));
  if (s.behind_bytes > 0) parts.push(el('span', 'catching-up', 'catching up: ' + byteText(s.behind_bytes) + ' to send'));
  return parts;
}

function byteText(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  if (n < 1024 * 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + ' MiB';
  return (n / 1024 / 1024 / 1024).toFixed(1) + ' GiB';
}
