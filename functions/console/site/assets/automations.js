// Automations (GET /automations): the executing roles see their own, a SUPER_ADMIN everyone's. Deployments
// without the route (API Gateway's 404) do not show the section at all.

import { empty, errorBox, h, loading, replace } from './dom.js';
import { capitalised, dateTime, who } from './format.js';

function trigger(automation) {
  const t = automation.trigger || {};
  if (t.event) {
    const match = Object.entries(t.match || {})
      .map(([field, values]) => `${field} ${values.join(' or ')}`)
      .join(', ');
    return match ? `On ${t.event} where ${match}` : `On ${t.event}`;
  }
  if (t.schedule) return `${t.schedule}${t.timeZone ? ` (${t.timeZone})` : ''}`;
  return '—';
}

function automationList(ctx, items) {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, 'Automations, newest first'),
    h(
      'thead',
      {},
      h('tr', {}, ['Name', 'Trigger', 'Actions', 'Status', 'Owner', 'Last run'].map((n) => h('th', { scope: 'col' }, n))),
    ),
    h(
      'tbody',
      {},
      items.map((a) => {
        const last = (a.lastRuns || [])[0];
        return h(
          'tr',
          {},
          h('td', {}, a.name),
          h('td', {}, trigger(a)),
          h('td', {}, String((a.actions || []).length)),
          h('td', {}, capitalised(a.status), a.pausedReason ? h('span', { class: 'hint' }, ` (${a.pausedReason})`) : null),
          h('td', { title: a.ownerId }, who(a.ownerId, ctx.me.id)),
          h('td', {}, last ? `${capitalised(last.outcome)}, ${dateTime(last.at, ctx.me.timeZone)}` : 'Never'),
        );
      }),
    ),
  );
}

export function automationsView(ctx, main) {
  const everyone = ctx.role === 'SUPER_ADMIN';
  const state = { owner: everyone ? 'all' : 'me', tokens: [null], page: 0 };
  const body = h('div', { 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true }, 'More automations');
  let shown = [];
  async function load(append) {
    if (!append) {
      state.tokens = [null];
      shown = [];
      replace(body, loading('Loading automations…'));
    }
    try {
      const page = await ctx.api.get('/automations', { owner: state.owner, limit: 25, nextToken: state.tokens.at(-1) });
      shown = shown.concat(page.items);
      state.tokens.push(page.nextToken || null);
      more.hidden = !page.nextToken;
      replace(body, shown.length ? automationList(ctx, shown) : empty('No automation yet.'));
    } catch (error) {
      replace(body, errorBox(error, 'The automations could not be loaded'));
    }
  }
  more.addEventListener('click', () => load(true));
  const owner = everyone
    ? h(
        'div',
        { class: 'controls' },
        h('label', { for: 'automation-owner' }, 'Show'),
        h(
          'select',
          {
            id: 'automation-owner',
            onChange: (event) => {
              state.owner = event.target.value;
              load(false);
            },
          },
          h('option', { value: 'all', selected: true }, 'Every automation'),
          h('option', { value: 'me' }, 'Mine'),
        ),
      )
    : null;
  replace(
    main,
    h('h1', {}, 'Automations'),
    h('section', { class: 'card', 'aria-label': 'Automations' }, owner, body, more),
  );
  load(false);
}

