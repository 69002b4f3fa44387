// "Why didn't my webhook fire?": an event id → its status, the skip reason in words, and each delivery.
import { h } from '../dom.js';
import { api, wsPath } from '../api.js';
import { wsHash } from '../nav.js';
import { outcome, time } from '../format.js';
import { errorAlert, loading, screenHead, show, table, textField } from '../ui.js';

const SKIP_REASONS = {
  call_not_final: 'The call was still ringing. Only calls that ended (Missed, Answered, Rejected, Declined, Ended, '
    + 'No Answer) fire a webhook.',
  scheduled_call: 'It was a scheduled call. Scheduled calls fire nothing on their own, only the call that happens.',
  message_not_synced: 'The reaction is on a message this workspace never sent to Hookline, so there is nothing '
    + 'to react to.',
  no_matching_webhook: 'No enabled webhook of this workspace subscribes to this event\'s type.',
  webhook_disabled: 'The webhooks for this event type were disabled when it arrived.',
  filtered_out: 'Every webhook for this event type has a filter that left it out.',
};

const STATUS = {
  pending: 'Pending: accepted, deliveries still under way.',
  dispatched: 'Dispatched: every delivery was attempted.',
  skipped: 'Skipped: no webhook was meant to get it.',
};

export function render(view, { ws }) {
  const alert = h('div');
  const result = h('div', { id: 'event-result', 'aria-live': 'polite' });
  const id = textField({ name: 'event_id', label: 'Event id', hint: 'The id the producer sent, or the one Hookline '
    + 'answered with (202 {"id": …}); receivers see it as the webhook-id header.' });
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Event lookup' },
    id.el, alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'lookup' }, 'Look up')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    lookup(ws, id, result, alert);
  });
  view.append(screenHead('Event lookup', { lead: 'Why did (or didn\'t) my webhook fire?' }), form, result);
  id.input.focus();
}

async function lookup(ws, field, result, alert) {
  show(alert);
  field.setError('');
  if (!field.value()) {
    field.setError('Enter an event id.');
    show(result); // the last answer was about another id
    return;
  }
  show(result, loading('Looking it up…'));
  try {
    const [event, webhooks] = await Promise.all([
      api('GET', wsPath(ws, 'events', field.value())),
      api('GET', wsPath(ws, 'webhooks')).then(r => r.data).catch(() => []),
    ]);
    show(result, explain(ws, event, new Map(webhooks.map(w => [w.id, w]))));
  } catch (error) {
    show(result);
    show(alert, errorAlert(error));
  }
}

function explain(ws, event, webhooks) {
  return h('section', { class: 'panel', 'aria-labelledby': 'event-title' },
    h('h2', { id: 'event-title' }, `Event ${event.id}`),
    h('dl', { class: 'facts' },
      fact('Status', h('span', { class: `badge ${event.status === 'skipped' ? 'bad' : 'ok'}`, id: 'event-status' }, event.status)),
      fact('Type', event.type),
      fact('Received', time(event.received_at)),
      fact('Skip reason', event.skip_reason ? h('code', { id: 'event-skip-reason' }, event.skip_reason) : '—')),
    h('p', { class: 'explanation', id: 'event-explanation' },
      event.skip_reason ? SKIP_REASONS[event.skip_reason] || event.skip_reason : STATUS[event.status]),
    h('h3', {}, 'Deliveries'),
    table([
      { label: 'Webhook', cls: 'url', cell: d => h('a', { href: wsHash(ws, 'webhooks', d.webhook_id) }, webhooks.get(d.webhook_id)?.url || d.webhook_id) },
      { label: 'Event type', cell: d => h('code', {}, d.event_type) },
      { label: 'Outcome', cell: d => deliveryOutcome(d) },
      { label: 'Answer', cell: d => (d.attempted_at ? outcome(d.success, d.status_code, d.success ? null : 'failed') : '—') },
      { label: 'Attempted', cell: d => time(d.attempted_at) },
      { label: 'Sent by', cell: d => d.trigger || (d.attempted_at ? 'delivery' : '—') },
    ], event.deliveries, { caption: 'Deliveries', empty: 'No delivery attempts.', rowClass: d => `outcome-${outcomeOf(d)}` }));
}

const OUTCOMES = {
  delivered: { text: 'delivered', cls: 'ok' },
  failed: { text: 'failed', cls: 'bad' },
  dropped: { text: 'dropped', cls: 'bad' },
  pending: { text: 'pending', cls: '' },
};

const DROP_REASONS = {
  filtered_out: 'The webhook\'s filter left this event out, as the filter was when the event was routed.',
  webhook_disabled: 'The webhook was disabled when the event arrived.',
  webhook_deleted: 'The webhook was deleted before it got the event.',
};

/** The API's outcome when it gives one, else what the attempt itself says (older entries). */
function outcomeOf(d) {
  if (d.outcome) return d.outcome;
  if (d.success === true) return 'delivered';
  return d.success === false ? 'failed' : 'pending';
}

function deliveryOutcome(d) {
  const name = outcomeOf(d);
  const shown = OUTCOMES[name] || { text: name, cls: '' };
  return h('span', { class: 'outcome', 'data-outcome': name },
    h('span', { class: `badge ${shown.cls}` }, shown.text),
    d.reason ? [' ', h('code', { class: 'small' }, d.reason)] : null,
    d.reason ? h('span', { class: 'small muted reason-text' }, DROP_REASONS[d.reason] || '') : null);
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}
