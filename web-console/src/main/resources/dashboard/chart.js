// Line charts of metrics, drawn by uPlot (MIT; served from the bundle as uplot/uPlot.esm.js, its
// license as uplot/LICENSE). Shared by the experiment page's Metrics section (metrics.js) and the
// compare view (compare.js): the API's points as chart columns, EMA smoothing, number formats, and
// a chart that follows its box's width, shows the values under the cursor in its legend, and hands
// a dragged x range to its owner (which asks the server for that range in full detail).
// uPlot builds its legend and axes with textContent, so names and run ids stay text.

import uPlot from './uplot/uPlot.esm.js';

/** Series colours, one per run in the compare view (at most 10 runs). */
export const COLORS = ['#1f6feb', '#cf222e', '#1a7f37', '#8250df', '#b35900',
  '#0a7ea4', '#bf3989', '#6e7781', '#9a6700', '#3b3b98'];

export const join = uPlot.join;

/** A value of the API as a chart value: a finite number, or null (a gap) for "NaN", "Infinity", "-Infinity". */
export function finite(v) {
  return typeof v === 'number' && isFinite(v) ? v : null;
}

/**
 * The API's points ([step, time, value], ordered by x) as [xs, ys]: x is the step, or the time
 * minus offset (seconds since the run's start) when x is 'time'.
 */
export function columns(points, x, offset) {
  const n = points.length;
  const xs = new Array(n);
  const ys = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    xs[i] = x === 'time' ? p[1] - offset : p[0];
    ys[i] = finite(p[2]);
  }
  return [xs, ys];
}

/** For a log scale: values that are not above 0 cannot be drawn there and become gaps. */
export function positive(ys) {
  return ys.map((v) => (v !== null && v !== undefined && v <= 0 ? null : v));
}

/**
 * Exponential moving average with weight w (0: none, 0.99: heavy), debiased like TensorBoard's so
 * that the start does not lean towards 0. Gaps stay gaps and do not reset the average.
 */
export function smooth(ys, w) {
  const out = new Array(ys.length);
  let avg = 0;
  let n = 0;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i];
    if (v === null || v === undefined) { out[i] = v; continue; }
    avg = avg * w + (1 - w) * v;
    n++;
    out[i] = avg / (1 - Math.pow(w, n));
  }
  return out;
}

/** A value as text: up to 6 significant digits, exponent form when very small or large. */
export function num(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (!isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential(3).replace(/\.?0+e/, 'e');
}

/** Seconds since a run's start as text: 42.5 s, 3:07, 1:02:03. */
export function elapsed(s) {
  if (s === null || s === undefined || !isFinite(s)) return '—';
  const sign = s < 0 ? '-' : '';
  s = Math.abs(s);
  if (s < 60) return sign + Number(s.toFixed(s < 10 ? 2 : 1)) + ' s';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return sign + (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + sec;
}

/** A colour with alpha (raw points drawn faintly under the smoothed line). */
export function faint(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
}

function isPowerOfTen(v) {
  const e = Math.log10(Math.abs(v));
  return Math.abs(e - Math.round(e)) < 1e-9;
}

function chartHeight() {
  return window.matchMedia('(max-width: 600px)').matches ? 180 : 220;
}

/** How many points to ask for: about the chart's width in device pixels. */
export function pointsFor(box) {
  const w = Math.round((box.clientWidth || 600) * (window.devicePixelRatio || 1));
  return Math.max(100, Math.min(10000, w));
}

/**
 * A line chart in box. spec: {xLabel, xValue(v) -> text, series: [{label, stroke, width}], log,
 * onZoom(min, max), onReset(), onResize(width)}. Returned: {u, setData(data, range), destroy()};
 * range {min, max} keeps the x scale there (a zoom), otherwise the data's range is shown.
 */
export function lineChart(box, spec) {
  const opts = {
    width: Math.max(box.clientWidth, 100),
    height: chartHeight(),
    scales: { x: { time: false }, y: { distr: spec.log ? 3 : 1 } },
    series: [{ label: spec.xLabel, value: (u, v) => (v === null || v === undefined ? '—' : spec.xValue(v)) }]
      .concat(spec.series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        width: s.width || 1.5,
        spanGaps: false,
        value: (u, v) => num(v)
      }))),
    axes: [
      { values: (u, splits) => splits.map((v) => spec.xValue(v)) },
      // A log scale has a grid line at every 1..9 x 10^k; only the powers of ten are labelled.
      { size: 64, values: (u, splits) => splits.map((v) => (!spec.log || isPowerOfTen(v) ? num(v) : '')) }
    ],
    // Dragging selects an x range; the owner asks the server for it (uPlot would only zoom into
    // the downsampled points already here). Double click goes back to the whole run.
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    hooks: {
      // When the data last reached the screen (tests measure how fast a new value gets there).
      draw: [() => { box.dataset.drawnAt = String(Date.now()); }],
      setSelect: [(u) => {
        const sel = u.select;
        if (sel.width < 3) return;
        const min = u.posToVal(sel.left, 'x');
        const max = u.posToVal(sel.left + sel.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        u.setScale('x', { min, max });
        spec.onZoom(min, max);
      }]
    }
  };
  const empty = [[]].concat(spec.series.map(() => []));
  const u = new uPlot(opts, empty, box);
  u.over.addEventListener('dblclick', () => spec.onReset());
  let width = box.clientWidth;
  const resized = new ResizeObserver(() => {
    const w = box.clientWidth;
    if (w === width || w < 100) return;
    width = w;
    u.setSize({ width: Math.max(w, 100), height: chartHeight() });
    if (spec.onResize) spec.onResize(w);
  });
  resized.observe(box);
  return {
    u,
    setData(data, range) {
      u.setData(data, true);
      if (range) u.setScale('x', { min: range.min, max: range.max });
    },
    destroy() {
      resized.disconnect();
      u.destroy();
    }
  };
}
