// Pieces every screen uses: error messages, form fields with their error slots, the screen heading.
import { h, append, uid } from './dom.js';

const TITLES = {
  0: 'Hookline is not reachable',
  401: 'Hookline refused this token (401)',
  403: 'This token may not do that (403)',
  404: 'Not found (404)',
  409: 'Not possible right now (409)',
  422: 'Some values were refused (422)',
  503: 'Hookline\'s database is unavailable (503)',
};

// where the status alone says the wrong thing: nothing in the request was a wrong value
const CODE_TITLES = {
  event_not_deliverable: 'This event cannot go to this webhook (422)',
};

/** A visible, announced error for a failed call; never a blank screen. */
export function errorAlert(error, lead) {
  const status = error && error.status !== undefined ? error.status : 500;
  const title = CODE_TITLES[error && error.code] || TITLES[status] || `The call failed (${status})`;
  return h('div', { class: 'alert error', role: 'alert' },
    h('p', {}, h('strong', {}, lead ? `${lead} ${title}` : title)),
    h('p', { class: 'error-message' }, error && error.message ? error.message : String(error)),
    error && error.code ? h('p', { class: 'small' }, 'Error code: ', h('code', {}, error.code)) : null);
}

export function okAlert(...content) {
  return h('div', { class: 'alert ok', role: 'status' }, ...content);
}

/** Replaces the contents of a message slot. */
export function show(slot, ...content) {
  slot.replaceChildren();
  append(slot, content);
}

/** <h1> with optional breadcrumbs and a right-hand side (buttons, counters). */
export function screenHead(title, { crumbs, aside, lead } = {}) {
  return h('div', { class: 'screen-head' },
    h('div', {},
      crumbs ? h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, crumbs) : null,
      h('h1', { tabindex: '-1' }, title),
      lead ? h('p', { class: 'muted' }, lead) : null),
    aside ? h('div', { class: 'actions tight' }, aside) : null);
}

/**
 * A labelled input with a hint and an error slot wired through aria-describedby, so a screen reader reads the
 * API's complaint with the field. Returns {el, input, setError, value()}.
 */
export function textField({ name, label, type = 'text', value = '', hint, required, autocomplete, placeholder }) {
  const id = uid(`f-${name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id, name, type, value, required: required || null, autocomplete: autocomplete || 'off', placeholder,
    spellcheck: 'false', 'aria-describedby': `${hint ? hintId : ''} ${errorId}`.trim(),
  });
  const error = h('span', { class: 'field-error', id: errorId });
  const el = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    input,
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    error);
  return { el, input, setError: message => setFieldError(input, error, message), value: () => input.value.trim() };
}

export function setFieldError(control, slot, message) {
  slot.textContent = message || '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/**
 * Puts each 422 detail next to the field it names; whatever names no field on this form goes to the form's alert.
 * Returns true when every detail found its field.
 */
export function fieldErrors(fields, error, alertSlot, lead) {
  Object.values(fields).forEach(f => f.setError(''));
  const unplaced = [];
  let first = null;
  for (const detail of error.details || []) {
    const { field, rest } = fieldNamed(fields, detail.field || '');
    if (field) {
      field.setError(detail.message, rest);
      first = first || field;
    } else {
      unplaced.push(detail);
    }
  }
  if (first && unplaced.length === 0) {
    show(alertSlot, h('div', { class: 'alert error', role: 'alert' },
      h('p', {}, h('strong', {}, `${lead} Fix the field${error.details.length > 1 ? 's' : ''} marked above.`))));
  } else {
    show(alertSlot, errorAlert(error, lead));
  }
  if (first && first.focus) first.focus();
  else if (first) first.input.focus();
  return unplaced.length === 0;
}

/** "url" → the url field; "filter.chat_id" → the filter field, rest "chat_id"; an alias ("event_type") → its field. */
function fieldNamed(fields, name) {
  if (fields[name]) return { field: fields[name], rest: '' };
  const dot = name.indexOf('.');
  if (dot > 0 && fields[name.slice(0, dot)]) return { field: fields[name.slice(0, dot)], rest: name.slice(dot + 1) };
  return { field: Object.values(fields).find(f => (f.aliases || []).includes(name)), rest: '' };
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'muted', role: 'status' }, text);
}

/** A table that turns into cards on a phone; each cell carries its column name for that. */
export function table(columns, rows, { caption, empty = 'Nothing yet.', rowClass } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'cards' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map(row => h('tr', { class: rowClass ? rowClass(row) : null },
        columns.map(c => h('td', { 'data-label': c.label, class: c.num ? 'num' : c.cls || null }, c.cell(row))))))));
}
