// Routing: #/ is the list, #/experiment/<id> an experiment, #/compare?runs=... runs compared,
// #/notifications the notification channels.

import { refreshCompare, showCompare, stopCompare } from './compare.js';
import { loadDetail, showDetail, stopDetail } from './experiment.js';
import { loadList, showList } from './list.js';
import { followLog } from './log.js';
import { refreshMetrics } from './metrics.js';
import { loadNotifications, showNotifications, stopNotifications } from './notify.js';
import { panels } from './panels.js';
import { showing } from './view.js';

export function route() {
  const h = location.hash || '#/';
  if (h === '#/notifications') {
    if (showing('detail')) stopDetail();
    if (showing('compare')) stopCompare();
    showNotifications();
    return;
  }
  if (showing('notify')) stopNotifications();
  const m = /^#\/experiment\/(.+)$/.exec(h);
  if (m) {
    let id;
    try { id = decodeURIComponent(m[1]); } catch (e) { id = null; }
    if (id !== null) { stopCompare(); showDetail(id); return; }
  }
  const c = /^#\/compare(?:\?(.*))?$/.exec(h);
  if (c) {
    if (showing('detail')) stopDetail();
    showCompare(c[1] || '');
    return;
  }
  if (showing('detail')) stopDetail();
  if (showing('compare')) stopCompare();
  showList();
}

/** Everything the shown page has from the server, asked again (after a reconnect, a reset, a poll). */
export function refreshView() {
  if (showing('list')) loadList();
  else if (showing('detail')) { loadDetail(); followLog(); refreshMetrics(); panels.refresh(); }
  else if (showing('compare')) refreshCompare();
  else if (showing('notify')) loadNotifications();
}
