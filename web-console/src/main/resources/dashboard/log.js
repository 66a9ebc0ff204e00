// The log tail of the experiment page: the last records from GET .../log?tail=N, then what 'log'
// events (or ?after= requests) add. It follows while the reader is at the bottom and pauses when
// they scroll up.

import { API, enc, getJson } from './api.js';
import { $, clear, el } from './dom.js';
import { showing } from './view.js';

const LOG_MAX_LINES = 10000;

/** The log of the experiment shown: its file and how far the page has it. */
const tail = { id: null, busy: false, pending: false, file: null, nextOffset: 0, firstOffset: null, loadedLines: 0 };

/** A new experiment page: nothing of its log is on the page yet. */
export function resetLog(id) {
  tail.id = id;
  tail.nextOffset = 0;
  tail.file = null;
  tail.pending = false;
  tail.firstOffset = null;
  tail.loadedLines = 0;
}

export function stopLog() {
  tail.id = null;
}

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

export async function loadLogTail(n) {
  const id = tail.id;
  tail.busy = true;
  try {
    const r = await getJson(API + '/' + enc(id) + '/log?tail=' + n);
    if (tail.id !== id) return;
    const box = $('d-log');
    clear(box);
    r.entries.forEach((e) => box.appendChild(logLine(e)));
    if (r.entries.length === 0) box.appendChild(logNote('The log is empty so far.'));
    tail.nextOffset = r.next_offset;
    tail.file = r.file;
    tail.firstOffset = r.entries.length ? r.entries[0].offset : null;
    tail.loadedLines = r.entries.length;
    $('log-older').disabled = r.entries.length < n;
    box.scrollTop = box.scrollHeight;
  } catch (e) {
    if (tail.id === id) { clear($('d-log')); $('d-log').appendChild(logNote(e.message)); $('log-older').disabled = true; }
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
  if (tail.firstOffset === null && r.entries.length) tail.firstOffset = r.entries[0].offset;
  tail.loadedLines += r.entries.length;
  while (box.childElementCount > LOG_MAX_LINES) { box.removeChild(box.firstChild); $('log-older').disabled = true; }
  tail.nextOffset = r.next_offset;
  if (r.file) tail.file = r.file;
  if (follow) box.scrollTop = box.scrollHeight;
  else if (r.entries.length) $('log-latest').hidden = false;
}

// A 'log' event that came while a request was out is looked at again once it is back.
function logDone() {
  tail.busy = false;
  if (tail.pending && tail.id) { tail.pending = false; followLog(); }
}

export async function followLog() {
  const id = tail.id;
  if (!id) return;
  if (tail.busy) { tail.pending = true; return; }
  tail.busy = true;
  try {
    const r = await getJson(API + '/' + enc(id) + '/log?after=' + tail.nextOffset);
    if (tail.id !== id) return;
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
export function onLog(ev) {
  if (!showing('detail') || ev.id !== tail.id) return;
  if (tail.busy) { tail.pending = true; return; }
  const sameFile = ev.file === tail.file;
  if (sameFile && !ev.restarted && ev.from === tail.nextOffset) appendLog(ev);
  else if (sameFile && !ev.restarted && ev.next_offset <= tail.nextOffset) return;
  else followLog();
}

$('d-log').addEventListener('scroll', () => { if (logAtBottom()) $('log-latest').hidden = true; });
$('log-latest').addEventListener('click', () => {
  const box = $('d-log');
  box.scrollTop = box.scrollHeight;
  $('log-latest').hidden = true;
});
$('log-older').addEventListener('click', async () => {
  const id = tail.id;
  if (tail.firstOffset === null || tail.busy) return;
  tail.busy = true;
  const btn = $('log-older');
  btn.disabled = true;
  try {
    const want = Math.min(10000, tail.loadedLines + 500);
    const r = await getJson(API + '/' + enc(id) + '/log?tail=' + want);
    if (tail.id !== id) return;
    const older = r.entries.filter((e) => e.offset < tail.firstOffset);
    const box = $('d-log');
    const before = box.scrollHeight;
    const frag = document.createDocumentFragment();
    older.forEach((e) => frag.appendChild(logLine(e)));
    box.insertBefore(frag, box.firstChild);
    box.scrollTop += box.scrollHeight - before;
    if (older.length) tail.firstOffset = older[0].offset;
    tail.loadedLines += older.length;
    btn.disabled = older.length === 0 || r.entries.length < want || want >= 10000;
    if (btn.disabled) box.insertBefore(logNote(older.length || r.entries.length < want ? '— start of the log —' : '— older records: open the log file —'), box.firstChild);
  } catch (e) {
    btn.disabled = false;
  } finally {
    logDone();
  }
});
