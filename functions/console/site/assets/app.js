// The console: sign in with the user pool, find out who you are (GET /me), and show what your role may use.
// Everything the page shows comes from the public API with your token; what your role may not do is not offered,
// and if forced (a typed address) the API refuses it and the page shows the refusal.

import { createApi } from './api.js';
import { createSession } from './cognito.js';
import { empty, errorBox, h, loading, replace } from './dom.js';
import { roleWord } from './format.js';
import { adminView } from './admin.js';
import { automationsView } from './automations.js';
import { monitoringView } from './monitoring.js';
import { healthLine } from './health.js';
import { taskView, tasksView } from './tasks.js';
import { zoneControl } from './zone.js';

const EXECUTING = new Set(['SUPER_ADMIN', 'ADMIN', 'IT_ADMIN']);
const root = document.getElementById('app');
const pageUrl = new URL(document.baseURI);
const apiBase = new URL('.', pageUrl);

async function loadConfig() {
  const response = await fetch(new URL('console/config.json', pageUrl), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`console/config.json answered ${response.status}`);
  const config = await response.json();
  if (!config.userPoolId || !config.userPoolClientId) throw new Error('this deployment names no user pool');
  return config;
}

function signInView(session, notice) {
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const message = h('div', { class: 'signin-message', 'aria-live': 'assertive' });
  if (notice) replace(message, h('p', { class: 'notice' }, notice));
  const form = h(
    'form',
    {
      class: 'signin card',
      'aria-labelledby': 'signin-heading',
      novalidate: true,
      onSubmit: async (event) => {
        event.preventDefault();
        if (!email.value.trim() || !password.value) {
          replace(message, h('p', { class: 'error', role: 'alert' }, 'Enter your email and password.'));
          return;
        }
        button.disabled = true;
        performance.mark('console:signing-in');
        replace(message, loading('Signing in…'));
        try {
          await session.signIn(email.value.trim(), password.value);
          password.value = '';
          await startConsole(session);
        } catch (error) {
          button.disabled = false;
          replace(message, h('p', { class: 'error', role: 'alert' }, error.message));
          password.select();
        }
      },
    },
    h('h1', { id: 'signin-heading' }, 'Sign in'),
    h('p', { class: 'lede' }, 'Use the email and password of your account in the user pool.'),
    h('div', { class: 'field' }, h('label', { for: 'email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    button,
    message,
  );
  replace(
    root,
    h('header', { class: 'top' }, h('p', { class: 'brand' }, 'Task console')),
    h('main', { id: 'main', class: 'signin-page' }, form),
  );
  email.focus();
  performance.mark('console:sign-in-ready');
}

/** Who is signed in (GET /me: their row, zone included) and the service's health, asked at once. */
async function identify(api) {
  const [me, health] = await Promise.allSettled([
    api.get('/me'),
    api.get('/ai/health-check', undefined, { accept: [503] }),
  ]);
  if (me.status === 'rejected') throw me.reason;
  return {
    ...me.value,
    health: health.status === 'fulfilled' ? health.value : null,
    healthError: health.status === 'rejected' ? health.reason : null,
  };
}

function sections(ctx) {
  const list = [{ hash: '#/tasks', label: 'Tasks' }];
  if (ctx.executing) list.push({ hash: '#/monitoring', label: 'Monitoring' });
  if (ctx.executing) list.push({ hash: '#/automations', label: 'Automations' });
  if (ctx.role === 'SUPER_ADMIN') list.push({ hash: '#/admin', label: 'Administration' });
  return list;
}

async function startConsole(session) {
  const api = createApi(apiBase, session);
  replace(root, h('main', { id: 'main' }, loading('Loading your console…')));
  let me;
  try {
    me = await identify(api);
  } catch (error) {
    replace(
      root,
      h('header', { class: 'top' }, h('p', { class: 'brand' }, 'Task console')),
      h(
        'main',
        { id: 'main' },
        h('h1', {}, 'Your account cannot use the console'),
        errorBox(error),
        h('button', { type: 'button', onClick: () => session.signOut() }, 'Sign out'),
      ),
    );
    return;
  }
  const ctx = {
    api,
    session,
    me,
    role: me.role,
    executing: EXECUTING.has(me.role),
    board: { scope: EXECUTING.has(me.role) ? 'assigned' : 'all', status: '', tokens: [null], page: 0 },
  };

  const nav = h('nav', { class: 'sections', 'aria-label': 'Sections' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const header = h(
    'header',
    { class: 'top' },
    h('p', { class: 'brand' }, 'Task console'),
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'email' }, me.email),
      ' ',
      h('span', { class: `role role-${me.role.toLowerCase()}` }, roleWord(me.role)),
    ),
    zoneControl(ctx),
    healthLine(me.health, me.healthError),
    h('button', { type: 'button', class: 'signout', onClick: () => session.signOut() }, 'Sign out'),
  );
  replace(root, header, nav, main);

  const render = () => {
    const hash = window.location.hash.startsWith('#/') ? window.location.hash : '#/tasks';
    replace(
      nav,
      h(
        'ul',
        {},
        sections(ctx).map((item) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: item.hash, 'aria-current': hash.startsWith(item.hash) ? 'page' : null },
              item.label,
            ),
          ),
        ),
      ),
    );
    const [, section, id] = hash.split('/');
    if (section === 'tasks' && id) taskView(ctx, main, decodeURIComponent(id));
    else if (section === 'monitoring') monitoringView(ctx, main);
    else if (section === 'automations') automationsView(ctx, main);
    else if (section === 'admin') adminView(ctx, main);
    else tasksView(ctx, main);
  };
  ctx.render = render;
  window.onhashchange = () => {
    render();
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  };
  render();
}

async function main() {
  document.documentElement.dataset.console = 'started';
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    replace(root, h('main', { id: 'main' }, h('h1', {}, 'The console is not available'), empty(error.message)));
    return;
  }
  const session = createSession(config, (reason) => {
    window.onhashchange = null;
    signInView(session, reason);
  });
  signInView(session, '');
}

main();
