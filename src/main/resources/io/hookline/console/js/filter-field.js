// The webhook's "filter" as one simple input per key instead of a JSON box: checkboxes for the keys
// with a fixed set of values, a comma-separated list for the others. Several values of one key mean "any of"; all
// keys given must match. Nothing given = no filter (null), which also removes a stored one.
import { h, uid } from './dom.js';
import { integer } from './json.js';
import { setFieldError } from './ui.js';

const KEYS = [
  { key: 'chat_type', label: 'Chat type', choices: ['direct', 'group'] },
  { key: 'direction', label: 'Direction', choices: ['sent', 'received', 'incoming', 'outgoing'],
    hint: 'sent / received for messages, incoming / outgoing for calls; reactions have none.' },
  // no "Ringing": a ringing call fires nothing (skip reason call_not_final), so such a filter would never match
  { key: 'call_status', label: 'Call status', choices: ['Missed', 'Answered', 'Rejected', 'Declined', 'Ended', 'No Answer'],
    hint: 'Calls only. Declined counts as Rejected.' },
  { key: 'platform', label: 'Platform', placeholder: 'whatsapp' },
  { key: 'whatsapp_account_wid', label: 'WhatsApp account', placeholder: '15559876543@s.whatsapp.net' },
  { key: 'chat_id', label: 'Chat id', placeholder: '12345, 67890', integers: true, inputmode: 'numeric' },
  { key: 'emoji', label: 'Emoji', hint: 'Reactions only. The emoji itself.' },
];

/** The filter field: {control, label, read, write, setError(message, key), focus} for webhook-fields.js. */
export function filterWidget(field, id, describedBy) {
  const parts = KEYS.map(spec => (spec.choices ? choicesPart(spec) : listPart(spec)));
  const count = h('span', { class: 'filter-count muted small' });
  const error = h('span', { class: 'field-error', id: `${id}-whole-error` });
  const details = h('details', { class: 'filter', id, 'aria-describedby': describedBy },
    h('summary', {}, field.label, ' ', count),
    h('p', { class: 'hint' }, 'Only events that match every key you fill in are sent; several values of one key '
      + 'mean any of them. A key that does not apply to an event (call status for a message) does not match it.'),
    error,
    h('div', { class: 'filter-keys' }, parts.map(p => p.el)));
  const recount = () => {
    const n = parts.filter(p => p.read() !== null).length;
    count.textContent = n === 0 ? '(none: every event of the chosen types)' : `(${n} key${n > 1 ? 's' : ''})`;
  };
  details.addEventListener('input', recount);
  details.addEventListener('change', recount);
  let invalid = null;
  return {
    control: details,
    label: details,
    read() {
      const filter = {};
      for (const p of parts) {
        const value = p.read();
        if (value !== null) filter[p.key] = value;
      }
      return Object.keys(filter).length ? filter : null;
    },
    write(filter) {
      parts.forEach(p => p.write(filter ? filter[p.key] : undefined));
      details.open = Boolean(filter && Object.keys(filter).length);
      recount();
    },
    setError(message, key) {
      if (!message) {
        invalid = null;
        setFieldError(details, error, '');
        parts.forEach(p => p.setError(''));
        return;
      }
      const part = parts.find(p => p.key === key);
      if (part) part.setError(message);
      else setFieldError(details, error, message);
      invalid = part || invalid;
      details.open = true;
    },
    focus() {
      details.open = true;
      (invalid ? invalid.focusable : details.querySelector('summary')).focus();
    },
  };
}

/** One value = a scalar, several = an array (any of), none = null. */
function collapse(values) {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : values;
}

function asList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function choicesPart(spec) {
  const base = uid(`filter-${spec.key}`);
  const box = choice => h('input', { type: 'checkbox', id: `${base}-${choice.replace(/\W/g, '_')}`,
    name: `filter.${spec.key}`, value: choice });
  const boxes = spec.choices.map(box);
  const row = h('div', { class: 'choice-row' }, boxes.map(b => h('label', { class: 'inline-check', for: b.id }, b, b.value)));
  const hintId = spec.hint ? `${base}-hint` : null;
  const error = h('span', { class: 'field-error', id: `${base}-error` });
  const group = h('fieldset', { class: 'filter-key choices', 'data-filter-key': spec.key,
    'aria-describedby': [hintId, error.id].filter(Boolean).join(' ') },
    h('legend', {}, spec.label, ' ', h('code', { class: 'small muted' }, spec.key)),
    row,
    hintId ? h('span', { class: 'hint', id: hintId }, spec.hint) : null,
    error);
  return {
    key: spec.key, el: group, focusable: boxes[0],
    read: () => collapse(boxes.filter(b => b.checked).map(b => b.value)),
    write: value => {
      const wanted = asList(value);
      // a stored value the form no longer offers (a "Ringing" set through the API) stays, shown, until unticked
      boxes.splice(spec.choices.length).forEach(b => b.parentElement.remove());
      wanted.filter(v => !spec.choices.includes(v)).forEach(v => {
        const extra = box(v);
        boxes.push(extra);
        row.append(h('label', { class: 'inline-check', for: extra.id }, extra, v, h('span', { class: 'muted small' }, '(never matches)')));
      });
      boxes.forEach(b => { b.checked = wanted.includes(b.value); });
    },
    setError: message => setFieldError(group, error, message),
  };
}

function listPart(spec) {
  const id = uid(`filter-${spec.key}`);
  const hintId = `${id}-hint`;
  const error = h('span', { class: 'field-error', id: `${id}-error` });
  const input = h('input', { type: 'text', id, name: `filter.${spec.key}`, placeholder: spec.placeholder,
    inputmode: spec.inputmode, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${hintId} ${error.id}` });
  const el = h('div', { class: 'field filter-key', 'data-filter-key': spec.key },
    h('label', { for: id }, spec.label, ' ', h('code', { class: 'small muted' }, spec.key)), input,
    h('span', { class: 'hint', id: hintId }, spec.hint ? `${spec.hint} Separate several with commas.` : 'Separate several with commas.'),
    error);
  return {
    key: spec.key, el, focusable: input,
    read: () => collapse(input.value.split(',').map(s => s.trim()).filter(Boolean)
      // a chat id that is not a whole number goes as typed, so the API names the problem next to this input
      .map(s => (spec.integers ? integer(s) : s))),
    write: value => { input.value = asList(value).join(', '); },
    setError: message => setFieldError(input, error, message && spec.integers ? badChatId(input.value) || message : message),
  };
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The API says only "must be an integer" for the whole list; this names the value at fault, and says when it is a
 * whole number too big for a chat id (64 bits) rather than no number at all. Null when every value looks right.
 */
function badChatId(text) {
  for (const value of text.split(',').map(s => s.trim()).filter(Boolean)) {
    if (!/^-?\d+$/.test(value)) return `"${value}" is not a chat id: it must be an integer (digits only).`;
    const big = BigInt(value);
    if (big > INT64_MAX || big < -INT64_MAX - 1n) {
      return `"${value}" is out of range: a chat id is a 64-bit integer, at most ${INT64_MAX}.`;
    }
  }
  return null;
}
