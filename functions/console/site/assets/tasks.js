// The task board (assigned to me, created by me, all; by status; soonest due first, as the API orders it; a page
// at a time) and one task with its comments. Executing roles also get the request box and the status change.

import { empty, errorBox, facts, h, loading, replace } from './dom.js';
import { STATUSES, capitalised, dateTime, dueDate, statusWord, who } from './format.js';
import { requestBox } from './request.js';

const PAGE_SIZE = 10;
const SCOPES = [
  ['assigned', 'Assigned to me'],
  ['created', 'Created by me'],
  ['all', 'All tasks'],
];
const EMPTY = {
  assigned: 'No task is assigned to you here.',
  created: 'You have created no task here.',
  all: 'No task here yet.',
};

function select(id, options, value, onChange) {
  return h(
    'select',
    { id, onChange: (event) => onChange(event.target.value) },
    options.map(([optionValue, label]) => h('option', { value: optionValue, selected: optionValue === value }, label)),
  );
}

function boardTable(ctx, items) {
  const zone = ctx.me.timeZone;
  return h(
    'table',
    { class: 'board' },
    h('caption', { class: 'visually-hidden' }, 'Tasks, soonest due first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Title', 'Status', 'Priority', 'Category', 'Due', 'Assignee'].map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((task) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/tasks/${encodeURIComponent(task.id)}` }, task.title)),
          h('td', {}, h('span', { class: `badge status-${task.status.toLowerCase()}` }, statusWord(task.status))),
          h('td', {}, h('span', { class: `badge priority-${task.priority.toLowerCase()}` }, capitalised(task.priority))),
          h('td', {}, capitalised(task.category)),
          h('td', {}, dueDate(task.dueDate, task.timeZone, zone)),
          h('td', { title: task.assigneeId || '' }, who(task.assigneeId, ctx.me.id)),
        ),
      ),
    ),
  );
}

function boardSection(ctx) {
  const state = ctx.board;
  const body = h('div', { class: 'board-body', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button' }, 'Previous page');
  const next = h('button', { type: 'button' }, 'Next page');
  const position = h('span', { class: 'page-position' });

  async function load() {
    previous.disabled = true;
    next.disabled = true;
    body.setAttribute('aria-busy', 'true');
    replace(body, loading('Loading tasks…'));
    try {
      const page = await ctx.api.get('/tasks', {
        scope: state.scope,
        status: state.status,
        limit: PAGE_SIZE,
        nextToken: state.tokens[state.page],
      });
      state.tokens[state.page + 1] = page.nextToken || null;
      replace(body, page.items.length ? boardTable(ctx, page.items) : empty(EMPTY[state.scope]));
      if (!performance.getEntriesByName('console:board').length) performance.mark('console:board');
      previous.disabled = state.page === 0;
      next.disabled = !page.nextToken;
      position.textContent = `Page ${state.page + 1}`;
    } catch (error) {
      replace(body, errorBox(error, 'The board could not be loaded'));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  const restart = () => {
    state.tokens = [null];
    state.page = 0;
    load();
  };
  previous.addEventListener('click', () => {
    state.page = Math.max(0, state.page - 1);
    load();
  });
  next.addEventListener('click', () => {
    state.page += 1;
    load();
  });

  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'board-heading' },
    h('h2', { id: 'board-heading' }, 'Task board'),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'board-scope' }, 'Show'),
      select('board-scope', SCOPES, state.scope, (value) => {
        state.scope = value;
        restart();
      }),
      h('label', { for: 'board-status' }, 'Status'),
      select('board-status', [['', 'Any status'], ...STATUSES.map((s) => [s, statusWord(s)])], state.status, (value) => {
        state.status = value;
        restart();
      }),
      h('button', { type: 'button', onClick: load }, 'Refresh'),
    ),
    body,
    h('nav', { class: 'pager', 'aria-label': 'Board pages' }, previous, position, next),
  );
  load();
  return { section, restart };
}

export function tasksView(ctx, main) {
  const board = boardSection(ctx);
  replace(
    main,
    h('h1', {}, 'Tasks'),
    ctx.executing ? requestBox(ctx, () => board.restart()) : null,
    board.section,
  );
}

function statusForm(ctx, task, onChanged) {
  const choice = h(
    'select',
    { id: 'task-status' },
    STATUSES.map((s) => h('option', { value: s, selected: s === task.status }, statusWord(s))),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Change status');
  return h(
    'form',
    {
      class: 'inline-form',
      onSubmit: async (event) => {
        event.preventDefault();
        button.disabled = true;
        try {
          const updated = await ctx.api.patch(`/tasks/${encodeURIComponent(task.id)}`, { status: choice.value });
          onChanged(updated);
        } catch (error) {
          replace(result, errorBox(error));
          button.disabled = false;
        }
      },
    },
    h('label', { for: 'task-status' }, 'Status'),
    choice,
    button,
    result,
  );
}

function commentList(ctx, comments) {
  if (!comments.length) return empty('No comments yet.');
  return h(
    'ol',
    { class: 'comments' },
    comments.map((comment) =>
      h(
        'li',
        { class: `comment comment-${String(comment.kind || '').toLowerCase()}` },
        h(
          'p',
          { class: 'comment-meta' },
          h('strong', {}, comment.kind === 'AI_GUIDANCE' ? 'AI guidance' : 'Comment'),
          ` by ${who(comment.createdById, ctx.me.id)}, ${dateTime(comment.createdAt, ctx.me.timeZone)}`,
        ),
        h('p', { class: 'comment-content' }, comment.content),
      ),
    ),
  );
}

export function taskView(ctx, main, id) {
  replace(main, h('p', {}, h('a', { href: '#/tasks' }, '← Back to the board')), loading('Loading the task…'));
  const path = `/tasks/${encodeURIComponent(id)}`;
  Promise.all([ctx.api.get(path), ctx.api.get(`${path}/comments`, { limit: 100 })]).then(
    ([task, comments]) => {
      const zone = ctx.me.timeZone;
      const show = (current) =>
        replace(
          main,
          h('p', {}, h('a', { href: '#/tasks' }, '← Back to the board')),
          h('h1', {}, current.title),
          h(
            'section',
            { class: 'card', 'aria-labelledby': 'task-facts' },
            h('h2', { id: 'task-facts' }, 'Task'),
            facts([
              ['Status', statusWord(current.status)],
              ['Priority', capitalised(current.priority)],
              ['Category', capitalised(current.category)],
              ['Due', dueDate(current.dueDate, current.timeZone, zone)],
              ['Time zone', current.timeZone],
              ['Assignee', who(current.assigneeId, ctx.me.id)],
              ['Created by', who(current.createdById, ctx.me.id)],
              ['Created', dateTime(current.createdAt, zone)],
              ['Updated', dateTime(current.updatedAt, zone)],
              ['Source', current.source],
              ['Automation', current.automationId],
              ['Id', current.id],
            ]),
            current.description ? h('p', { class: 'description' }, current.description) : null,
            ctx.executing ? statusForm(ctx, current, show) : null,
          ),
          h(
            'section',
            { class: 'card', 'aria-labelledby': 'task-comments' },
            h('h2', { id: 'task-comments' }, 'Comments'),
            commentList(ctx, comments.items),
          ),
        );
      show(task);
    },
    (error) => {
      replace(
        main,
        h('p', {}, h('a', { href: '#/tasks' }, '← Back to the board')),
        h('h1', {}, 'Task'),
        errorBox(error, 'The task could not be loaded'),
      );
    },
  );
}
