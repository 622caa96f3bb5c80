// A line chart drawn as SVG by hand (no library): series over time, dashed threshold lines, and a forecast drawn
// from the last point to where the trend crosses a threshold. The figure's caption says in words what it shows.

import { h, s, uid } from './dom.js';
import { clock } from './format.js';

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 18, right: 104, bottom: 30, left: 60 };

function scale(domain, range) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Runs of consecutive points with a value: a window without executions leaves a gap, not a fall to zero. */
function runs(points) {
  const found = [];
  let current = [];
  for (const point of points) {
    if (point.v === null || point.v === undefined) {
      if (current.length) found.push(current);
      current = [];
    } else {
      current.push(point);
    }
  }
  if (current.length) found.push(current);
  return found;
}

/**
 * @param {{title: string, summary: string, logarithmic?: boolean, series: {label: string, className: string, points: {t: number, v: number|null}[]}[],
 *   thresholds: {value: number, label: string, className: string}[], projections: {from: {t, v}, to: {t, v}, label: string}[],
 *   yDomain: [number, number], yFormat: (v: number) => string, xDomain: [number, number], zone: string}} spec
 */
export function lineChart(spec) {
  const titleId = uid('chart-title');
  const x = scale(spec.xDomain, [MARGIN.left, WIDTH - MARGIN.right]);
  const [y0, y1] = spec.yDomain;
  let y;
  let yTicks;
  if (spec.logarithmic) {
    // Latencies span orders of magnitude (tens of ms against a 5 s threshold): powers of ten apart evenly.
    const toLog = scale([Math.log10(y0), Math.log10(y1)], [HEIGHT - MARGIN.bottom, MARGIN.top]);
    y = (value) => toLog(Math.log10(Math.min(Math.max(value, y0), y1)));
    yTicks = [];
    for (let tick = y0; tick <= y1 * 1.0001; tick *= 10) yTicks.push(tick);
  } else {
    y = scale(spec.yDomain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
    yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  }
  const [x0, x1] = spec.xDomain;
  const xTicks = [0, 0.5, 1].map((f) => x0 + f * (x1 - x0));

  const grid = s(
    'g',
    { class: 'grid' },
    yTicks.map((value) => [
      s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }),
      s('text', { x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, spec.yFormat(value)),
    ]),
    xTicks.map((t, index) =>
      s(
        'text',
        { x: x(t), y: HEIGHT - 8, 'text-anchor': ['start', 'middle', 'end'][index] },
        clock(t, spec.zone),
      ),
    ),
  );
  const thresholds = s(
    'g',
    { class: 'thresholds' },
    spec.thresholds.map((threshold) =>
      s(
        'g',
        { class: `threshold ${threshold.className}` },
        s('line', {
          x1: MARGIN.left,
          x2: WIDTH - MARGIN.right,
          y1: y(threshold.value),
          y2: y(threshold.value),
        }),
        s('text', { x: WIDTH - MARGIN.right + 6, y: y(threshold.value) + 4 }, threshold.label),
      ),
    ),
  );
  const lines = s(
    'g',
    { class: 'series' },
    spec.series.map((series) =>
      s(
        'g',
        { class: `line ${series.className}` },
        runs(series.points).map((run) =>
          s('polyline', { points: run.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }),
        ),
        series.points
          .filter((p) => p.v !== null && p.v !== undefined)
          .map((p) => s('circle', { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3 })),
      ),
    ),
  );
  const projections = s(
    'g',
    { class: 'projections' },
    spec.projections.map((p) =>
      s(
        'g',
        { class: 'projection' },
        s('line', { x1: x(p.from.t), y1: y(p.from.v), x2: x(p.to.t), y2: y(p.to.v) }),
        s('circle', { cx: x(p.to.t), cy: y(p.to.v), r: 5 }),
        s(
          'text',
          { x: x(p.to.t) - 8, y: y(p.to.v) - 12, 'text-anchor': 'end' },
          p.label,
        ),
      ),
    ),
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    spec.series.map((series) => h('li', { class: series.className }, h('span', { class: 'swatch' }), series.label)),
    spec.projections.length ? h('li', { class: 'projection' }, h('span', { class: 'swatch' }), 'Forecast') : null,
  );
  return h(
    'figure',
    { class: 'chart' },
    s(
      'svg',
      { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'xMidYMid meet' },
      s('title', { id: titleId }, `${spec.title}. ${spec.summary}`),
      grid,
      thresholds,
      lines,
      projections,
    ),
    h('figcaption', {}, h('strong', {}, spec.title), ' ', spec.summary),
    legend,
  );
}
