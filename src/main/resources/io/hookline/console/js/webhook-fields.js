// The fields of the webhook form, as data. The form builds itself from this list, sends what changed, and puts
// each 422 detail next to the field of that name.
//
// Several event types per webhook (not served yet) extend this list, nothing else in the form:
//   { name: 'event_types', label: 'Events', kind: 'checkboxes', options: catalogue, initial: ['message:new'] }
//     (replacing the 'event_type' select; the API then returns both names, so read the array first),
//   { name: 'filter', label: 'Filter', kind: 'json', initial: null },
//   { name: 'reaction_window_ms', label: 'Fold reactions within (ms)', kind: 'number', min: 0, max: 60000, initial: 0 }.
// Each new kind is one function in WIDGETS below.
import { h, uid } from './dom.js';
import { setFieldError } from './ui.js';

export function webhookFields(catalogue) {
  return [
    {
      name: 'enabled', label: 'Webhook enabled', kind: 'switch', initial: true,
      hint: 'Off keeps the webhook and its log but sends it nothing. Turning it on again resets the error counter.',
    },
    {
      name: 'event_type', label: 'Event', kind: 'select', initial: 'message:new',
      options: catalogue.map(t => ({ value: t.name, label: `${t.name} — ${t.description}` })),
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
  ];
}

/** Builds one field: {el, read(), write(value), setError(message), focus()}. */
export function widget(field) {
  const id = uid(`wf-${field.name}`);
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('span', { class: 'field-error', id: errorId });
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const { control, label, read, write } = WIDGETS[field.kind](field, id, describedBy);
  const el = h('div', { class: 'field', 'data-field': field.name },
    label,
    hintId ? h('span', { class: 'hint', id: hintId }, field.hint) : null,
    error);
  return {
    el, read, write,
    setError: message => setFieldError(control, error, message),
    focus: () => control.focus(),
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
