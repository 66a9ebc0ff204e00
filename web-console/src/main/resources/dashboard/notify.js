// The notifications page (#/notifications): the server's notification channels, read-only, from
// /api/notify/channels: each channel's type, state, rules and how its deliveries go. Secrets never
// reach the page (the server's answer has none). Refreshed every few seconds while shown.

import { getJson } from './api.js';
import { $, clear, el } from './dom.js';
import { clock, duration, live } from './format.js';
import { show, showing } from './view.js';

const CHANNELS = 'api/notify/channels';
const REFRESH_MS = 5000;
let timer = null;
let loading = null;

export function showNotifications() {
  if (!showing('notify')) {
    show('notify');
    document.title = 'Notifications — labwatch';
    window.scrollTo(0, 0);
  }
  loadNotifications();
}

/** Another page is shown: the notifications page stops asking. */
export function stopNotifications() {
  clearTimeout(timer);
  timer = null;
  if (loading) loading.abort();
}

export async function loadNotifications() {
  clearTimeout(timer);
  if (loading) loading.abort();
  const ask = new AbortController();
  loading = ask;
  try {
    const body = await getJson(CHANNELS, ask.signal);
    if (!showing('notify')) return;
    render(body.channels || []);
    $('notify-message').hidden = true;
  } catch (e) {
    if (e.name === 'AbortError' || !showing('notify')) return;
    clear($('notify-channels'));
    const m = $('notify-message');
    m.textContent = e.status === 503 ? e.message : 'Cannot load the channels: ' + e.message;
    m.hidden = false;
  } finally {
    if (loading === ask) loading = null;
  }
  if (showing('notify')) timer = setTimeout(loadNotifications, REFRESH_MS);
}

function render(channels) {
  const list = $('notify-channels');
  clear(list);
  $('notify-empty').hidden = channels.length > 0;
  for (const c of channels) list.appendChild(card(c));
}

function card(c) {
  const li = el('li', 'channel channel-' + c.status);
  const head = el('div', 'channel-head');
  head.appendChild(el('span', 'channel-name', c.name));
  head.appendChild(el('span', 'channel-type', c.type || '(no type)'));
  head.appendChild(el('span', 'badge channel-status', c.status));
  li.appendChild(head);
  li.appendChild(el('div', 'path', c.file));
  for (const p of c.problems) li.appendChild(el('div', 'channel-problem', p));

  const rules = el('dl', 'channel-rules');
  row(rules, 'Events', c.events.join(', '));
  row(rules, 'Experiments', c.experiments.join(', '));
  row(rules, 'Quiet hours', c.quiet_hours || 'none');
  if (c.min_duration_seconds > 0) row(rules, 'Runs shorter than', duration(c.min_duration_seconds) + ': not sent');
  row(rules, 'Grouping', c.group_seconds > 0 ? 'events within ' + c.group_seconds + ' s go as one message' : 'none');
  row(rules, 'Links to', c.public_url || 'no links (no publicUrl)');
  li.appendChild(rules);

  const state = el('dl', 'channel-deliveries');
  row(state, 'Last sent', c.last_sent ? live(el('span'), 'ago', c.last_sent, '') : 'never');
  row(state, 'Last attempt', c.last_attempt ? clock(c.last_attempt) + (c.last_outcome ? ': ' + c.last_outcome : '') : 'none');
  row(state, 'Sent', c.sent + (c.refused ? ', ' + c.refused + ' given up' : ''));
  row(state, 'Failures', c.failures ? c.failures + ' in a row' : '0');
  row(state, 'Pending', String(c.pending) + (c.next_attempt ? ', next attempt ' + clock(c.next_attempt) : ''));
  li.appendChild(state);
  return li;
}

function row(dl, term, value) {
  dl.appendChild(el('dt', null, term));
  const dd = el('dd');
  if (value instanceof Node) dd.appendChild(value);
  else dd.textContent = value;
  dl.appendChild(dd);
}
