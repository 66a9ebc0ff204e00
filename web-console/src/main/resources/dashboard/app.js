// labwatch dashboard. No build step, and one library, uPlot (MIT), for the metrics' charts, served
// from the bundle: the page loads this module, which imports the others by job (list.js,
// experiment.js, log.js, metrics.js, compare.js, panels.js, events.js, router.js, and their
// helpers), and the browser loads them as they are. Every string that comes from an experiment is
// put into the page with textContent or createTextNode (never as markup), and the server's CSP
// allows no inline script or style: the page's scripts are these files.

import * as compare from './compare.js';
import * as experiment from './experiment.js';
import { connect } from './events.js';
import { refreshLiveTexts } from './format.js';
import * as list from './list.js';
import { onLog } from './log.js';
import { onMetric } from './metrics.js';
import { storeState } from './notices.js';
import { panels } from './panels.js';
import { refreshView, route } from './router.js';
import { showing } from './view.js';

setInterval(refreshLiveTexts, 1000);
window.addEventListener('hashchange', route);

route();
connect({
  summary(kind, s) {
    if (showing('list')) list.onSummary(kind, s);
    else if (showing('detail')) experiment.onSummary(kind, s);
    else if (showing('compare')) compare.onSummary(kind, s);
  },
  log: onLog,
  metric(d) {
    onMetric(d);
    compare.onMetric(d);
  },
  panels: (id) => panels.changed(id),
  store(d) {
    if (storeState(d)) refreshView();
  },
  refresh: refreshView
});
