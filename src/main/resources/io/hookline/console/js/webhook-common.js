// What several webhook screens show the same way: the enable switch, the disabled reason, the limit counter.
import { h, uid, announce } from './dom.js';
import { api, wsPath } from './api.js';
import { eventType, time } from './format.js';

const REASONS = {
  too_many_failures: 'Disabled after too many failures in a row',
  manual: 'Turned off by hand',
};

export function disabledReason(webhook) {
  if (webhook.enabled || !webhook.disabled_reason) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'disabled-reason' }, REASONS[webhook.disabled_reason] || webhook.disabled_reason,
    h('br'), h('span', { class: 'small muted' }, time(webhook.disabled_at)));
}

/**
 * "Webhook enabled": a real checkbox (role switch) that PATCHes {"enabled"} at once; on failure it flips back and
 * onError gets the reason. Turning it on also resets errors_counter (auto-disable), which onChanged re-reads.
 * onChanged(updated, hadFocus): a screen that draws the switch anew puts the focus back on it when it had it.
 */
export function enableSwitch(ws, webhook, { onChanged, onError, label = 'Webhook enabled', showLabel = false }) {
  const id = uid('enabled');
  const input = h('input', {
    type: 'checkbox', role: 'switch', class: 'switch', id, checked: Boolean(webhook.enabled),
    'data-webhook': webhook.id, 'aria-label': showLabel ? null : `${label}: ${webhook.url}`,
  });
  input.addEventListener('change', async () => {
    const wanted = input.checked;
    const hadFocus = document.activeElement === input;
    input.disabled = true; // Chromium moves the focus of a disabled control to <body>
    try {
      const updated = await api('PATCH', wsPath(ws, 'webhooks', webhook.id), { enabled: wanted });
      announce(`Webhook ${updated.enabled ? 'enabled' : 'disabled'}.`);
      onChanged(updated, hadFocus);
    } catch (error) {
      input.checked = !wanted;
      onError(error);
    } finally {
      input.disabled = false;
      if (hadFocus && input.isConnected) input.focus();
    }
  });
  return showLabel ? h('label', { class: 'switch-label', for: id }, input, label) : input;
}

/** After a redraw: the focus back on the new switch of that webhook (the one it was on was replaced). */
export function focusSwitch(slot, webhookId) {
  const input = [...slot.querySelectorAll('input.switch')].find(i => i.dataset.webhook === webhookId);
  if (input) input.focus();
}

/** "3 of 10 webhooks", with a meter; the limit comes from GET /v1/me (HOOKLINE_MAX_WEBHOOKS_PER_WORKSPACE). */
export function limitCounter(count, limit) {
  const left = Math.max(0, limit - count);
  return h('div', { class: 'limit', id: 'webhook-limit' },
    h('meter', { min: '0', max: String(limit), value: String(count), low: String(limit - 2), high: String(limit - 1),
      optimum: '0', 'aria-hidden': 'true' }),
    h('span', {}, h('strong', {}, `${count} of ${limit} webhooks`),
      h('span', { class: 'small muted' }, left === 0 ? ' · limit reached' : ` · ${left} left`)));
}

/** A webhook's event types (event_type alone from an older Hookline), one per line. */
export function eventTypes(webhook) {
  const types = webhook.event_types || [webhook.event_type];
  return h('ul', { class: 'event-types' }, types.map(t => h('li', {}, eventType(t))));
}

/** "chat_type: group · chat_id: 1 or 2", or null when the webhook has no filter. */
export function filterSummary(filter) {
  const keys = filter ? Object.keys(filter) : [];
  if (keys.length === 0) return null;
  return keys.map(k => `${k}: ${(Array.isArray(filter[k]) ? filter[k] : [filter[k]]).join(' or ')}`).join(' · ');
}

/** Events, then the filter and the reaction window when set: what the webhook is subscribed to, for a table cell. */
export function subscription(webhook) {
  const filter = filterSummary(webhook.filter);
  return h('div', { class: 'subscription' }, eventTypes(webhook),
    filter ? h('span', { class: 'small muted filter-summary' }, `Filter: ${filter}`) : null,
    webhook.reaction_window_ms > 0
      ? h('span', { class: 'small muted' }, `Reactions folded within ${webhook.reaction_window_ms} ms`) : null);
}
