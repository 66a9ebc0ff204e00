// DOM helpers of the page. Text only: every string from an experiment becomes a text node
// (textContent or createTextNode), never markup.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
