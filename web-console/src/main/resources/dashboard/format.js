// Times, durations, ETAs and percentages as the page shows them, and the texts that follow the
// clock.

// ---- time, corrected for the difference between this device's clock and the server's ----
let skewMs = 0;
function now() { return Date.now() + skewMs; }
export function noteServerDate(res) {
  const d = Date.parse(res.headers.get('Date') || '');
  if (!isNaN(d)) skewMs = d - Date.now();
}
export function duration(seconds) {
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
export function ago(iso) {
  const t = Date.parse(iso);
  return isNaN(t) ? '' : duration((now() - t) / 1000) + ' ago';
}
export function clock(iso) {
  const t = Date.parse(iso);
  return isNaN(t) ? '' : new Date(t).toLocaleString();
}
export function etaText(iso) {
  const t = Date.parse(iso);
  if (isNaN(t)) return '';
  const left = (t - now()) / 1000;
  return left < 1 ? 'ETA any moment' : 'ETA ' + duration(left); // not "ETA 0 s" in its last second
}
export function pct(p) {
  return p === null || p === undefined ? '' : (Math.round(p * 10) / 10).toFixed(1) + ' %';
}
// Texts that depend on the clock ("updated 12 s ago", "ETA 5 min", "no sign of life for ...") are
// marked with data-ago / data-eta and refreshed every second (refreshLiveTexts) without touching
// anything else.
export function live(node, kind, iso, prefix) {
  node.dataset[kind] = iso || '';
  node.dataset.prefix = prefix || '';
  refreshLive(node);
  return node;
}
function refreshLive(node) {
  if (node.dataset.ago !== undefined) node.textContent = node.dataset.ago ? node.dataset.prefix + ago(node.dataset.ago) : '';
  else if (node.dataset.eta !== undefined) node.textContent = node.dataset.eta ? etaText(node.dataset.eta) : '';
}
export function refreshLiveTexts() {
  document.querySelectorAll('[data-ago],[data-eta]').forEach(refreshLive);
}
