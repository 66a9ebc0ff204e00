// Requests to the labwatch API.

import { noteServerDate } from './format.js';

export const API = 'api/experiments';
export const enc = encodeURIComponent;

export async function getJson(url, signal) {
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

/** A metric of a run: its name is the rest of the path, '/' included (fit/chi2). */
export function metricUrl(id, name) {
  return API + '/' + enc(id) + '/metrics/' + name.split('/').map(enc).join('/');
}
