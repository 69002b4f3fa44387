// "Signing secret": reveal and copy it, and rotate it with an overlap. Rotating is two clicks (choose
// the overlap, then "Rotate now"), since receivers must learn the new secret before the overlap ends.
import { h, announce } from './dom.js';
import { api, wsPath } from './api.js';
import { copy } from './clipboard.js';
import { time } from './format.js';
import { errorAlert, show } from './ui.js';

const OVERLAPS = [
  { seconds: 0, label: 'none: the old secret stops at once' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours (default)' },
  { seconds: 604800, label: '7 days' },
];

export function secretPanel(ws, id) {
  const slot = h('div', { class: 'secret-box', id: 'secret' });
  const rotation = h('div', { id: 'rotation' });
  const reveal = h('button', { type: 'button', id: 'reveal-secret' }, 'Reveal secret');
  reveal.addEventListener('click', async () => {
    try {
      const { secret } = await api('GET', wsPath(ws, 'webhooks', id, 'secret'));
      showSecret(slot, secret, reveal);
    } catch (error) {
      show(slot, reveal, errorAlert(error));
    }
  });
  slot.append(reveal);
  const rotate = h('button', { type: 'button', id: 'rotate-secret', 'aria-expanded': 'false', 'aria-controls': 'rotation' },
    'Rotate secret…');
  rotate.addEventListener('click', () => {
    rotate.setAttribute('aria-expanded', 'true');
    show(rotation, rotateForm(ws, id, rotation, slot, reveal, () => rotate.setAttribute('aria-expanded', 'false')));
    rotation.querySelector('select').focus();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title' }, 'Signing secret'),
    h('p', { class: 'muted small' }, 'Receivers check the webhook-signature header with it (Standard Webhooks).'),
    slot, h('div', { class: 'actions' }, rotate), rotation);
}

function showSecret(slot, secret, reveal) {
  const hide = h('button', { type: 'button', onclick: () => show(slot, reveal) }, 'Hide');
  show(slot, h('code', { id: 'secret-value' }, secret),
    h('button', { type: 'button', id: 'copy-secret', onclick: () => copy(secret, 'The secret') }, 'Copy'), hide);
  hide.focus();
}

function rotateForm(ws, id, rotation, slot, reveal, closed) {
  const overlap = h('select', { id: 'rotate-overlap', class: 'compact' },
    OVERLAPS.map(o => h('option', { value: String(o.seconds), selected: o.seconds === 86400 }, o.label)));
  const go = h('button', { type: 'button', class: 'primary', id: 'rotate-now' }, 'Rotate now');
  const cancel = h('button', { type: 'button', onclick: () => { show(rotation); closed(); } }, 'Cancel');
  go.addEventListener('click', async () => {
    go.disabled = true;
    try {
      const rotated = await api('POST', wsPath(ws, 'webhooks', id, 'secret', 'rotate'),
        { overlap_seconds: Number(overlap.value) });
      closed();
      show(rotation, rotatedNotice(rotated));
      showSecret(slot, rotated.secret, reveal);
      announce('Secret rotated.');
    } catch (error) {
      go.disabled = false;
      show(rotation, errorAlert(error, 'The secret was not rotated.'));
      closed();
    }
  });
  return h('div', { class: 'rotate-form' },
    h('label', { for: 'rotate-overlap' }, 'Keep signing with the old secret too for'),
    h('div', { class: 'row' }, overlap, go, cancel),
    h('p', { class: 'hint small muted' }, 'During the overlap every request carries both signatures, new first, so '
      + 'receivers can switch keys without losing a request.'));
}

function rotatedNotice(rotated) {
  const expires = new Date(rotated.previous_secret_expires_at);
  const over = expires.getTime() <= Date.now();
  return h('div', { class: 'alert ok', role: 'status', id: 'rotated' },
    h('p', {}, h('strong', {}, 'New secret in use.'), ' It is shown above; give it to your receivers.'),
    h('p', { id: 'rotation-overlap' }, over
      ? 'No overlap: the old secret no longer signs.'
      : ['Until ', time(rotated.previous_secret_expires_at), ' requests carry both signatures: ',
        h('code', {}, 'webhook-signature: v1,<new> v1,<old>'), '. After that only the new one.']));
}
