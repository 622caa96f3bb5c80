// How values read on screen: statuses and priorities in words, times in the person's own time zone, due dates as
// the calendar dates they are (in the task's zone).

export const STATUSES = ['TODO', 'IN_PROGRESS', 'DONE', 'CANCELLED'];
const STATUS_WORDS = { TODO: 'To do', IN_PROGRESS: 'In progress', DONE: 'Done', CANCELLED: 'Cancelled' };
const ROLE_WORDS = { SUPER_ADMIN: 'Super admin', ADMIN: 'Admin', IT_ADMIN: 'IT admin', USER: 'User' };

export function statusWord(status) {
  return STATUS_WORDS[status] || status;
}

export function roleWord(role) {
  return ROLE_WORDS[role] || role;
}

export function capitalised(text) {
  const value = String(text || '');
  return value ? value[0].toUpperCase() + value.slice(1).toLowerCase() : '';
}

export function dateTime(iso, zone) {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone || 'UTC',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export function clock(ms, zone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone || 'UTC', hour: '2-digit', minute: '2-digit' }).format(
    new Date(ms),
  );
}

/** A calendar date (YYYY-MM-DD) as "Fri 13 Jun 2025"; the zone named when it is not the reader's. */
export function dueDate(day, taskZone, readerZone) {
  if (!day) return '';
  const [y, m, d] = String(day).slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return String(day);
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return taskZone && readerZone && taskZone !== readerZone ? `${text} (${taskZone})` : text;
}

export function percent(value) {
  return value === null || value === undefined ? '—' : `${Number(value).toFixed(1)}%`;
}

export function milliseconds(value) {
  if (value === null || value === undefined) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** A person or system by id: "you" for the reader, else the first part of the id (the whole in a tooltip). */
export function who(id, me) {
  if (!id) return '—';
  if (me && id === me) return 'you';
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}
