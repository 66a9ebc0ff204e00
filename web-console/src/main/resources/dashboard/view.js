// Which page is shown: 'list', 'detail' (an experiment), 'compare' (runs side by side), 'notify'
// (the notification channels), or nothing before the first route. Answers that arrive after the
// reader moved on check it and are dropped.

const VIEWS = { list: 'list-view', detail: 'detail-view', compare: 'compare-view', notify: 'notify-view' };

let shown = null;

export function showing(name) {
  return shown === name;
}

/** Shows the page's section of that view and hides the others. */
export function show(name) {
  shown = name;
  Object.entries(VIEWS).forEach(([view, id]) => { document.getElementById(id).hidden = view !== name; });
}
