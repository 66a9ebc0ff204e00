// Which page is shown: 'list', 'detail' (an experiment), or nothing before the first route.
// Answers that arrive after the reader moved on check it and are dropped.

let shown = null;

export function showing(name) {
  return shown === name;
}

export function show(name) {
  shown = name;
}
