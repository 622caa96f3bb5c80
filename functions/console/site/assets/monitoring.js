// Monitoring for the executing roles, from GET /ai/metrics over 1h, 24h or 7d: the latest rollup, charts of the
// success rate and of the execution time with the status thresholds (success rate 80% and 50%, average 5 s) and
// the forecast's crossing, error patterns and per-role figures.

import { empty, errorBox, facts, h, loading, replace } from './dom.js';
import { lineChart } from './chart.js';
import { capitalised, clock, dateTime, milliseconds, percent, roleWord } from './format.js';

const WINDOWS = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
];
const WINDOW_MS = { '1h': 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };
const SLOW_MS = 5000;

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function points(trend, field) {
  return trend.map((point) => ({ t: Date.parse(point.computedAt), v: point[field] }));
}

function lastValue(list) {
  for (let i = list.length - 1; i >= 0; i -= 1) if (list[i].v !== null && list[i].v !== undefined) return list[i];
  return null;
}

/** The forecast's crossing as a dashed line from the last point to the threshold, when there is one. */
function projection(series, forecast, zone) {
  const crossing = forecast && forecast.crosses;
  const from = lastValue(series);
  if (!crossing || !from) return null;
  const at = Date.parse(crossing.at);
  return {
    from,
    to: { t: at, v: crossing.threshold },
    label: `${capitalised(crossing.status)} at ${clock(at, zone)}`,
    at,
    crossing,
  };
}

function trendWords(forecast, unit) {
  if (!forecast || forecast.trendPerHour === null || forecast.trendPerHour === undefined) {
    return forecast && forecast.reason ? `No trend: ${forecast.reason}.` : 'No trend yet.';
  }
  const sign = forecast.trendPerHour > 0 ? '+' : '';
  return `Trend ${sign}${forecast.trendPerHour.toFixed(1)} ${unit} per hour.`;
}

function charts(report, zone) {
  const now = Date.now();
  const rate = points(report.trend, 'successRate');
  const p95 = points(report.trend, 'p95ExecutionMs');
  const avg = points(report.trend, 'avgExecutionMs');
  const forecast = report.forecast || {};
  const rateProjection = projection(rate, forecast.successRate, zone);
  const p95Projection = projection(p95, forecast.p95ExecutionMs, zone);
  const ends = [now, ...[rateProjection, p95Projection].filter(Boolean).map((p) => p.at)];
  const start = now - WINDOW_MS[report.window];
  const end = Math.max(...ends);
  const xDomain = [start, end + (end - start) * 0.04];
  const latestRate = lastValue(rate);
  const crossingWords = (p, unit) =>
    p ? ` The trend crosses ${p.crossing.threshold}${unit} (${p.crossing.status}) at ${clock(p.at, zone)}.` : '';
  const slowest = Math.max(SLOW_MS, ...p95.concat(avg).map((p) => p.v || 0));
  const top = 10 ** Math.ceil(Math.log10(slowest * 1.01));
  return [
    lineChart({
      title: 'Success rate (%)',
      summary:
        `${plural(rate.filter((p) => p.v !== null && p.v !== undefined).length, 'rollup')} with executions; ` +
        `latest ${latestRate ? percent(latestRate.v) : 'none'}. ${trendWords(forecast.successRate, 'points')}` +
        crossingWords(rateProjection, '%'),
      series: [{ label: 'Success rate', className: 'rate', points: rate }],
      thresholds: [
        { value: 80, label: '80% warning', className: 'warning' },
        { value: 50, label: '50% critical', className: 'critical' },
      ],
      projections: rateProjection ? [rateProjection] : [],
      yDomain: [0, 100],
      yFormat: (v) => `${Math.round(v)}%`,
      xDomain,
      zone,
    }),
    lineChart({
      title: 'Execution time (log scale)',
      summary:
        'The dashed line is the 5 s warning threshold of the average. ' +
        `p95 latest ${milliseconds((lastValue(p95) || {}).v)}, average ${milliseconds((lastValue(avg) || {}).v)}. ` +
        `${trendWords(forecast.p95ExecutionMs, 'ms')}` +
        crossingWords(p95Projection, ' ms'),
      series: [
        { label: 'Average', className: 'avg', points: avg },
        { label: 'p95', className: 'p95', points: p95 },
      ],
      thresholds: [{ value: SLOW_MS, label: '5 s warning', className: 'warning' }],
      projections: p95Projection ? [p95Projection] : [],
      logarithmic: true,
      yDomain: [10, top],
      yFormat: (v) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`),
      xDomain,
      zone,
    }),
  ];
}

function table(caption, headings, rows) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))),
  );
}

function report(ctx, data) {
  const zone = ctx.me.timeZone;
  const latest = data.latest;
  return [
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'latest-heading' },
      h('h2', { id: 'latest-heading' }, 'Latest rollup'),
      latest
        ? [
            facts(
              [
                ['Status', capitalised(latest.status)],
                ['Success rate', percent(latest.successRate)],
                ['Average', milliseconds(latest.avgExecutionMs)],
                ['p95', milliseconds(latest.p95ExecutionMs)],
                ['Executions', String(latest.executions)],
                ['Computed', dateTime(latest.computedAt, zone)],
              ],
              'facts tiles',
            ),
            latest.summary ? h('p', {}, latest.summary) : null,
            latest.issues.length ? [h('h3', {}, 'Issues'), h('ul', {}, latest.issues.map((i) => h('li', {}, i)))] : null,
            latest.recommendations.length
              ? [h('h3', {}, 'Recommendations'), h('ul', {}, latest.recommendations.map((r) => h('li', {}, r)))]
              : null,
          ]
        : empty('No rollup yet: the rollup runs every 5 minutes.'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'trend-heading' },
      h('h2', { id: 'trend-heading' }, 'Trend'),
      data.trend.length ? h('div', { class: 'charts' }, charts(data, zone)) : empty('No rollup in this window yet.'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'errors-heading' },
      h('h2', { id: 'errors-heading' }, 'Error patterns'),
      data.errorPatterns.length
        ? table(
            'Most frequent error codes in the window',
            ['Code', 'Count', 'HTTP status'],
            data.errorPatterns.map((p) => [p.code, String(p.count), p.status ? String(p.status) : '—']),
          )
        : empty('No errors in this window.'),
      data.roleStatistics.length
        ? table(
            'Attempts per role',
            ['Role', 'Executions', 'Success rate', 'Refused', 'Invalid'],
            data.roleStatistics.map((r) => [
              roleWord(r.role),
              String(r.executions),
              percent(r.successRate),
              String(r.attempts.DENIED || 0),
              String(r.attempts.INVALID || 0),
            ]),
          )
        : null,
    ),
  ];
}

export function monitoringView(ctx, main) {
  const body = h('div', { class: 'monitoring-body', 'aria-live': 'polite' });
  const buttons = WINDOWS.map(([value, label]) =>
    h(
      'button',
      {
        type: 'button',
        'aria-pressed': String(value === (ctx.window || '1h')),
        onClick: () => {
          ctx.window = value;
          buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(WINDOWS[i][0] === value)));
          load();
        },
      },
      label,
    ),
  );
  async function load() {
    body.setAttribute('aria-busy', 'true');
    replace(body, loading('Loading metrics…'));
    try {
      const data = await ctx.api.get('/ai/metrics', { window: ctx.window || '1h' });
      replace(body, report(ctx, data));
    } catch (error) {
      replace(body, errorBox(error, 'The metrics could not be loaded'));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }
  replace(
    main,
    h('h1', {}, 'Monitoring'),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Window' }, buttons),
    body,
  );
  load();
}
