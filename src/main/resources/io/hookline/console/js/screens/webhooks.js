// "Integrations → Webhooks": every webhook of the workspace with its switch, counters and last answer.
import { h, refocus } from '../dom.js';
import { api, wsPath } from '../api.js';
import { session } from '../session.js';
import { wsHash } from '../nav.js';
import { percent, lastResponse } from '../format.js';
import { disabledReason, enableSwitch, focusSwitch, limitCounter, subscription } from '../webhook-common.js';
import { errorAlert, loading, screenHead, show, table } from '../ui.js';

export function render(view, { ws }) {
  const aside = h('div', { class: 'actions tight' });
  const alert = h('div', { class: 'screen-alert' });
  const list = h('div', {}, loading('Loading webhooks…'));
  view.append(screenHead('Webhooks', { lead: `Workspace ${ws} · Integrations → Webhooks`, aside }), alert, list);
  refresh(ws, aside, alert, list);
}

async function refresh(ws, aside, alert, list, focused) {
  let webhooks;
  try {
    webhooks = (await api('GET', wsPath(ws, 'webhooks'))).data;
  } catch (error) {
    show(list, errorAlert(error, `Workspace '${ws}':`));
    show(aside);
    return;
  }
  const limit = session.webhookLimit;
  show(aside, limitCounter(webhooks.length, limit), webhooks.length >= limit
    ? h('button', { type: 'button', disabled: true, title: 'Delete a webhook to add another.' }, 'New webhook')
    : h('a', { class: 'button primary', href: wsHash(ws, 'webhooks', 'new'), id: 'new-webhook' }, 'New webhook'));
  const onChanged = (w, hadFocus) => { show(alert); refresh(ws, aside, alert, list, hadFocus ? w.id : null); };
  const onError = async error => {
    show(alert, errorAlert(error, 'The webhook was not changed.'));
    // deleted meanwhile (elsewhere, or by another admin): the list and its limit are redrawn without it, and the
    // focus its switch had goes to the heading
    if (error.status === 404) {
      await refresh(ws, aside, alert, list);
      if (document.activeElement === document.body) refocus('main h1');
    }
  };
  show(list, table([
    { label: 'Enabled', cell: w => enableSwitch(ws, w, { onChanged, onError }) },
    { label: 'Webhook URL', cls: 'url', cell: w => h('a', { href: wsHash(ws, 'webhooks', w.id), class: 'webhook-link' }, w.url) },
    { label: 'Events', cell: w => subscription(w) },
    { label: 'Format', cell: w => w.format },
    { label: 'Errors', num: true, cell: w => h('span', { class: w.errors_counter > 0 ? 'badge bad' : null }, String(w.errors_counter)) },
    { label: 'Error rate', num: true, cell: w => percent(w.stats.error_rate) },
    { label: 'Activations', num: true, cell: w => String(w.stats.activations) },
    { label: 'Last response', cell: w => lastResponse(w.stats.last_response) },
    { label: 'Disabled', cell: w => disabledReason(w) },
    { label: 'Actions', cell: w => h('a', { href: wsHash(ws, 'webhooks', w.id, 'edit'), 'aria-label': `Edit ${w.url}` }, 'Edit') },
  ], webhooks, {
    caption: 'Webhooks', rowClass: w => (w.enabled ? null : 'off'),
    empty: 'No webhooks yet. Create one to start receiving events.',
  }));
  if (focused) focusSwitch(list, focused);
}
