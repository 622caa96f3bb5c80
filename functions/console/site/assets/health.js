// The overall health every signed-in person sees, from GET /ai/health-check (a critical service answers 503 with
// its report, which is shown like any other).

import { h } from './dom.js';
import { capitalised } from './format.js';

export function healthLine(report, error) {
  if (!report || !report.overall) {
    const reason = error ? error.message : 'no answer';
    return h('p', { class: 'health health-unknown', role: 'status' }, `Service health unknown: ${reason}`);
  }
  const { status, version } = report.overall;
  return h(
    'p',
    { class: `health health-${status}`, role: 'status' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    `Service: ${capitalised(status)}`,
    version ? h('span', { class: 'version' }, ` v${version}`) : null,
  );
}
