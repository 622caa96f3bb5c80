// The request box of the executing roles: type what you need, see the plan of a dry run (nothing written), then
// execute it and see the task, its guidance and who it went to. One Idempotency-Key per previewed request, so a
// double click or a retry after a lost answer never makes two tasks.

import { errorBox, facts, h, loading, replace } from './dom.js';
import { capitalised, dueDate, milliseconds, statusWord, who } from './format.js';

const DRAFTS = [
  ['campaign', 'Draft campaign'],
  ['workflow', 'Draft workflow'],
  ['segment', 'Draft segment'],
];

function planCard(ctx, plan) {
  return h(
    'div',
    { class: 'result plan' },
    h('h3', {}, 'Plan (dry run: nothing written yet)'),
    facts([
      ['Title', plan.title],
      ['Category', capitalised(plan.category)],
      ['Channel', plan.channel],
      ['Kind', plan.kind],
      ['Priority', capitalised(plan.priority)],
      ['Due', dueDate(plan.dueDate, plan.timeZone, ctx.me.timeZone)],
      ['Assignee', who(plan.assigneeId, ctx.me.id)],
      ['Strategy', plan.strategy],
    ]),
    plan.description ? h('p', { class: 'description' }, plan.description) : null,
  );
}

function draftFacts(draft) {
  return facts([
    ['Id', draft.id],
    ['Name', draft.name],
    ['Channel', draft.channel],
    ['Kind', draft.kind],
    ['Rule', draft.rule],
    ['Status', draft.status],
  ]);
}

function executedCard(ctx, answer) {
  const { task, comment, assignment } = answer;
  return h(
    'div',
    { class: 'result executed' },
    h('h3', {}, 'Created: ', h('a', { href: `#/tasks/${encodeURIComponent(task.id)}` }, task.title)),
    facts([
      ['Status', statusWord(task.status)],
      ['Category', capitalised(task.category)],
      ['Priority', capitalised(task.priority)],
      ['Due', dueDate(task.dueDate, task.timeZone, ctx.me.timeZone)],
      ['Took', milliseconds(answer.durationMs)],
    ]),
    h('h4', {}, 'Assignment'),
    facts([
      ['Assignee', who(assignment.assigneeId, ctx.me.id)],
      ['Strategy', assignment.strategy],
      ['Reason', assignment.reason],
    ]),
    h('h4', {}, 'Guidance'),
    h('p', { class: 'comment-content' }, comment.content),
    DRAFTS.filter(([field]) => answer[field]).map(([field, label]) => [h('h4', {}, label), draftFacts(answer[field])]),
  );
}

export function requestBox(ctx, onCreated) {
  const text = h('textarea', {
    id: 'request-text',
    rows: '3',
    maxlength: '4000',
    placeholder: 'Create a high-priority task to fix the Shopify webhook by Friday',
    'aria-describedby': 'request-hint',
  });
  const preview = h('button', { type: 'button', class: 'primary' }, 'Preview');
  const execute = h('button', { type: 'button', disabled: true }, 'Execute');
  const result = h('div', { class: 'request-result', 'aria-live': 'polite' });
  let previewed = null;
  let key = null;

  text.addEventListener('input', () => {
    if (previewed !== null && text.value.trim() !== previewed) {
      previewed = null;
      execute.disabled = true;
      execute.classList.remove('primary');
    }
  });

  preview.addEventListener('click', async () => {
    const message = text.value.trim();
    if (!message) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Type a request first.'));
      text.focus();
      return;
    }
    preview.disabled = true;
    execute.disabled = true;
    replace(result, loading('Planning…'));
    try {
      const answer = await ctx.api.post('/ai/execute', { message, dryRun: true });
      previewed = message;
      key = crypto.randomUUID();
      replace(result, planCard(ctx, answer.plan));
      execute.disabled = false;
      execute.classList.add('primary');
    } catch (error) {
      replace(result, errorBox(error));
    } finally {
      preview.disabled = false;
    }
  });

  execute.addEventListener('click', async () => {
    if (previewed === null) return;
    execute.disabled = true;
    preview.disabled = true;
    replace(result, loading('Executing…'));
    try {
      const answer = await ctx.api.post('/ai/execute', { message: previewed }, { headers: { 'Idempotency-Key': key } });
      previewed = null;
      text.value = '';
      execute.classList.remove('primary');
      replace(result, executedCard(ctx, answer));
      onCreated(answer);
    } catch (error) {
      replace(result, errorBox(error));
      execute.disabled = false;
    } finally {
      preview.disabled = false;
    }
  });

  return h(
    'section',
    { class: 'card request', 'aria-labelledby': 'request-heading' },
    h('h2', { id: 'request-heading' }, 'New request'),
    h('label', { for: 'request-text' }, 'Request'),
    text,
    h(
      'p',
      { id: 'request-hint', class: 'hint' },
      'Preview shows the plan without writing anything; Execute then creates the task.',
    ),
    h('div', { class: 'actions' }, preview, execute),
    result,
  );
}
