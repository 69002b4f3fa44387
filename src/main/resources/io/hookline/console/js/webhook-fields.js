// The fields of the webhook form, as data. The form builds itself from this list, sends what changed, and puts
// each 422 detail next to the field of that name ("filter.chat_id" next to the filter's chat id input).
// Each kind of field is one function in WIDGETS below.
import { h, uid } from './dom.js';
import { setFieldError } from './ui.js';
import { filterWidget } from './filter-field.js';

export function webhookFields(catalogue) {
  return [
    {
      name: 'enabled', label: 'Webhook enabled', kind: 'switch', initial: true,
      hint: 'Off keeps the webhook and its log but sends it nothing. Turning it on again resets the error counter.',
    },
    {
      // always sent as event_types (1..7 types); a 422 about event_type (given neither) lands here too
      name: 'event_types', aliases: ['event_type'], label: 'Events', kind: 'checkboxes', initial: ['message:new'],
      options: catalogue.map(t => ({ value: t.name, label: t.description })),
      hint: 'One or more. An event goes at most once to a webhook, as the most specific of its types.',
    },
    {
      name: 'url', label: 'Webhook URL', kind: 'url', initial: '', placeholder: 'https://example.com/hooks/whatsapp',
      hint: 'Hookline POSTs each event here, signed with the webhook\'s secret. It must answer 2xx in time.',
    },
    {
      name: 'format', label: 'Payload format', kind: 'select', initial: 'v2',
      options: [
        { value: 'v2', label: 'v2 (default)' },
        { value: 'legacy', label: 'legacy "New message" body (message events only)' },
      ],
    },
    { name: 'filter', label: 'Filter', kind: 'filter', initial: null },
    {
      name: 'reaction_window_ms', label: 'Fold reactions within (ms)', kind: 'number', min: 0, max: 60000, initial: 0,
      hint: '0 to 60000; needs message:reaction. 0 sends one POST per reaction; above 0, reactions to one message '
        + 'within this window are sent as one POST (the last one, with "folded": N).',
    },
  ];
}

/** Builds one field: {el, read(), write(value), setError(message), focus()}. */
export function widget(field) {
  const id = uid(`wf-${field.name}`);
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('span', { class: 'field-error', id: errorId });
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const built = WIDGETS[field.kind](field, id, describedBy);
  const { control, label, read, write } = built;
  const el = h('div', { class: 'field', 'data-field': field.name },
    label,
    hintId ? h('span', { class: 'hint', id: hintId }, field.hint) : null,
    error);
  return {
    el, read, write, aliases: field.aliases || [],
    // a widget with parts (the filter) places an error itself; "rest" is what follows the dot in the API's field name
    setError: built.setError || ((message, rest) => setFieldError(control, error, rest ? `${rest}: ${message}` : message)),
    focus: built.focus || (() => control.focus()),
  };
}

const WIDGETS = {
  switch(field, id, describedBy) {
    const control = h('input', { type: 'checkbox', role: 'switch', class: 'switch', id, name: field.name,
      'aria-describedby': describedBy });
    return {
      control,
      label: h('label', { class: 'switch-label', for: id }, control, field.label),
      read: () => control.checked,
      write: value => { control.checked = Boolean(value); },
    };
  },

  select(field, id, describedBy) {
    const control = h('select', { id, name: field.name, 'aria-describedby': describedBy },
      field.options.map(o => h('option', { value: o.value }, o.label)));
    return {
      control,
      label: [h('label', { for: id }, field.label), control],
      read: () => control.value,
      write: value => { control.value = value; },
    };
  },

  /** Checkboxes read in the stored order first, so an edit that only adds a type does not reorder the others. */
  checkboxes(field, id, describedBy) {
    const boxes = field.options.map(o => h('input', { type: 'checkbox', id: `${id}-${o.value.replace(/\W/g, '_')}`,
      name: field.name, value: o.value }));
    const control = h('fieldset', { class: 'choices', id, 'aria-describedby': describedBy },
      h('legend', {}, field.label),
      h('div', { class: 'choice-list' }, boxes.map((box, i) => h('label', { class: 'inline-check', for: box.id }, box,
        h('code', {}, box.value), h('span', { class: 'muted small' }, field.options[i].label)))));
    let order = [];
    return {
      control,
      label: control,
      read: () => {
        const checked = boxes.filter(b => b.checked).map(b => b.value);
        return [...order.filter(v => checked.includes(v)), ...checked.filter(v => !order.includes(v))];
      },
      write: value => {
        order = Array.isArray(value) ? value : [];
        boxes.forEach(b => { b.checked = order.includes(b.value); });
      },
      focus: () => (boxes.find(b => b.checked) || boxes[0]).focus(),
    };
  },

  filter: filterWidget,

  /** A whole number; anything else is sent as typed so the API's 422 names it next to this field. */
  number(field, id, describedBy) {
    const control = h('input', { type: 'number', id, name: field.name, min: String(field.min), max: String(field.max),
      step: '1', inputmode: 'numeric', 'aria-describedby': describedBy, class: 'short' });
    return {
      control,
      label: [h('label', { for: id }, field.label), control],
      read: () => {
        const text = control.value.trim();
        if (text === '') return field.initial;
        return /^-?\d+$/.test(text) ? Number(text) : text;
      },
      write: value => { control.value = value === null || value === undefined ? '' : String(value); },
    };
  },

  url(field, id, describedBy) {
    const control = h('input', { type: 'url', id, name: field.name, placeholder: field.placeholder, inputmode: 'url',
      autocomplete: 'off', spellcheck: 'false', 'aria-describedby': describedBy });
    return {
      control,
      label: [h('label', { for: id }, field.label), control],
      read: () => control.value.trim(),
      write: value => { control.value = value || ''; },
    };
  },
};
