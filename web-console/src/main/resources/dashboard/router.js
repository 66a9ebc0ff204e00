// Routing: #/ is the list, #/experiment/<id> an experiment, #/notifications the notification channels.

import { loadDetail, showDetail, stopDetail } from './experiment.js';
import { loadList, showList } from './list.js';
import { followLog } from './log.js';
import { hideNotifications, loadNotifications, showNotifications } from './notify.js';
import { panels } from './panels.js';
import { showing } from './view.js';

export function route() {
  const h = location.hash || '#/';
  if (h === '#/notifications') {
    if (showing('detail')) stopDetail();
    showNotifications();
    return;
  }
  if (showing('notify')) hideNotifications();
  const m = /^#\/experiment\/(.+)$/.exec(h);
  if (m) {
    let id;
    try { id = decodeURIComponent(m[1]); } catch (e) { id = null; }
    if (id !== null) { showDetail(id); return; }
  }
  if (!showing('list')) stopDetail();
  showList();
}

/** Everything the shown page has from the server, asked again (after a reconnect, a reset, a poll). */
export function refreshView() {
  if (showing('list')) loadList();
  else if (showing('detail')) { loadDetail(); followLog(); panels.refresh(); }
  else if (showing('notify')) loadNotifications();
}
