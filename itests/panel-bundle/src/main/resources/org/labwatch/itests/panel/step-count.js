// Draws the step-count panel's JSON as text.
window.labwatch.panels.register('step-count', function (element, data) {
  const p = document.createElement('p');
  p.textContent = 'Step ' + data.current + ' of ' + data.total;
  element.appendChild(p);
});
