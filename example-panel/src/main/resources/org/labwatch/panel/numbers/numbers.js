// Draws the "numbers" panel: the dashboard loads this file from the panel's bundle
// (GET api/panels/numbers/script.js) and calls the function below with the panel's JSON whenever it
// changes. Text goes in with textContent only: the page allows no inline script, and a value from a
// run is never markup.
(function () {
  'use strict';

  function cell(tag, text, className) {
    const c = document.createElement(tag);
    c.textContent = text === null || text === undefined ? '' : String(text);
    if (className) c.className = className;
    return c;
  }

  window.labwatch.panels.register('numbers', function (element, data) {
    const values = (data && data.values) || [];
    if (values.length === 0) {
      element.appendChild(cell('p', 'No values such as "T1 = 45.2 us" or "fidelity: 0.987" in the recent messages yet.', 'numbers-empty'));
      return;
    }
    const table = document.createElement('table');
    table.className = 'numbers';
    const head = document.createElement('tr');
    ['Name', 'Value', 'Unit', 'Reported'].forEach((h) => head.appendChild(cell('th', h)));
    table.appendChild(document.createElement('thead')).appendChild(head);
    const body = table.appendChild(document.createElement('tbody'));
    values.forEach((v) => {
      const tr = document.createElement('tr');
      tr.dataset.name = v.name;
      const t = Date.parse(v.time || '');
      tr.append(cell('td', v.name), cell('td', v.value, 'num'), cell('td', v.unit),
        cell('td', isNaN(t) ? '' : new Date(t).toLocaleString(), 'when'));
      body.appendChild(tr);
    });
    element.appendChild(table);
  });
}());
