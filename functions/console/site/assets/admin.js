// What a SUPER_ADMIN manages: a user's role and status (PUT /users/{userId}/role; the API has no route that lists
// users, so a user is named by id) and integrations (PUT /integrations/{source}). Every change is the API's to
// allow: a refusal (your own role, say) is shown as the API gave it.

import { errorBox, facts, h, replace } from './dom.js';
import { dateTime, roleWord } from './format.js';

const ROLES = ['SUPER_ADMIN', 'ADMIN', 'IT_ADMIN', 'USER'];

function field(id, label, control, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

function choice(id, options) {
  return h('select', { id }, options.map(([value, label]) => h('option', { value }, label)));
}

function usersForm(ctx) {
  const userId = h('input', { id: 'user-id', required: true, autocomplete: 'off', 'aria-describedby': 'user-id-hint' });
  const role = choice('user-role', [['', 'Unchanged'], ...ROLES.map((r) => [r, roleWord(r)])]);
  const status = choice('user-status', [
    ['', 'Unchanged'],
    ['ACTIVE', 'Active'],
    ['INACTIVE', 'Inactive'],
  ]);
  const result = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Change user');
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'users-heading',
      onSubmit: async (event) => {
        event.preventDefault();
        const body = {};
        if (role.value) body.role = role.value;
        if (status.value) body.status = status.value;
        if (!userId.value.trim() || !Object.keys(body).length) {
          replace(result, h('p', { class: 'error', role: 'alert' }, 'Give a user id and a new role or status.'));
          return;
        }
        button.disabled = true;
        try {
          const user = await ctx.api.put(`/users/${encodeURIComponent(userId.value.trim())}/role`, body);
          replace(
            result,
            h('p', { class: 'success', role: 'status' }, 'Changed.'),
            facts([
              ['Id', user.id],
              ['Email', user.email],
              ['Role', roleWord(user.role)],
              ['Status', user.status],
              ['Open tasks', String(user.openTasks ?? '')],
            ]),
          );
        } catch (error) {
          replace(result, errorBox(error));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h2', { id: 'users-heading' }, 'Users'),
    h(
      'p',
      { class: 'hint' },
      'The API offers no list of users: change one by their id (their Cognito sub, shown as the assignee of their ' +
        'tasks). Your own role and status cannot be changed, by you or anyone else through your account.',
    ),
    field('user-id', 'User id', userId, `Your own id is ${ctx.me.id}.`),
    field('user-role', 'New role', role),
    field('user-status', 'New status', status),
    button,
    result,
  );
}

function integrationsForm(ctx) {
  const source = h('input', {
    id: 'integration-source',
    required: true,
    autocomplete: 'off',
    pattern: '[a-z0-9.\\-]{3,64}',
    'aria-describedby': 'integration-source-hint',
  });
  const name = h('input', { id: 'integration-name', required: true, autocomplete: 'off' });
  const status = choice('integration-status', [
    ['ACTIVE', 'Active'],
    ['INACTIVE', 'Inactive'],
  ]);
  const bus = h('input', { id: 'integration-bus', autocomplete: 'off', 'aria-describedby': 'integration-bus-hint' });
  const result = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Save integration');
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'integrations-heading',
      novalidate: true,
      onSubmit: async (event) => {
        event.preventDefault();
        const body = { name: name.value.trim(), status: status.value };
        if (bus.value.trim()) body.answerBusArn = bus.value.trim();
        button.disabled = true;
        try {
          const row = await ctx.api.put(`/integrations/${encodeURIComponent(source.value.trim())}`, body);
          replace(
            result,
            h('p', { class: 'success', role: 'status' }, 'Saved.'),
            facts([
              ['Source', row.source],
              ['Name', row.name],
              ['Status', row.status],
              ['Answer bus', row.answerBusArn],
              ['Updated', dateTime(row.updatedAt, ctx.me.timeZone)],
            ]),
          );
        } catch (error) {
          replace(result, errorBox(error));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h2', { id: 'integrations-heading' }, 'Integrations'),
    h(
      'p',
      { class: 'hint' },
      'Register an external system’s event source, or change its status: its TaskRequested events are then executed.',
    ),
    field('integration-source', 'Source', source, 'Lower case letters, digits, dots and dashes, 3 to 64 (not taskexec).'),
    field('integration-name', 'Name', name),
    field('integration-status', 'Status', status),
    field('integration-bus', 'Answer bus ARN (optional)', bus, 'Its answers are also delivered to this EventBridge bus.'),
    button,
    result,
  );
}

export function adminView(ctx, main) {
  replace(main, h('h1', {}, 'Administration'), h('div', { class: 'columns' }, usersForm(ctx), integrationsForm(ctx)));
}
