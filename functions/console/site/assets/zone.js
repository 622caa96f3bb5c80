// The person's own time zone (GET /me), shown in the header and changed with PATCH /me. Where this deployment
// has no /me yet the zone is UTC (what the service assumes) and the control says why it cannot change it.

import { errorBox, h, replace } from './dom.js';

function zones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function zoneControl(ctx) {
  const box = h('div', { class: 'zone' });
  const show = (message) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'link',
        disabled: !ctx.features.me,
        'aria-describedby': ctx.features.me ? null : 'zone-why',
        onClick: edit,
      },
      'Change time zone',
    );
    replace(
      box,
      h('span', { class: 'zone-name' }, 'Time zone: ', h('strong', {}, ctx.me.timeZone)),
      ' ',
      button,
      ctx.features.me ? null : h('span', { id: 'zone-why', class: 'hint' }, ' (not offered yet)'),
      message || null,
    );
    return button;
  };
  const edit = () => {
    const select = h(
      'select',
      { id: 'zone-select' },
      zones().map((zone) => h('option', { value: zone, selected: zone === ctx.me.timeZone }, zone)),
    );
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save time zone');
    const form = h(
      'form',
      {
        class: 'zone-form',
        onSubmit: async (event) => {
          event.preventDefault();
          save.disabled = true;
          try {
            const row = await ctx.api.patch('/me', { timeZone: select.value });
            ctx.me.timeZone = row.timeZone || select.value;
            show(h('span', { class: 'hint', role: 'status' }, ' Saved.')).focus();
            ctx.render();
          } catch (error) {
            save.disabled = false;
            replace(form, h('label', { for: 'zone-select' }, 'Time zone'), select, save, cancel, errorBox(error));
          }
        },
      },
      h('label', { for: 'zone-select' }, 'Time zone'),
      select,
      save,
    );
    const cancel = h('button', { type: 'button', onClick: () => show().focus() }, 'Cancel');
    form.append(cancel);
    replace(box, form);
    select.focus();
  };
  show();
  return box;
}
