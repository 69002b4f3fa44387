// One webhook: its state and counters, the enable switch, test, log download, secret, charts and attempts.
import { h, announce } from '../dom.js';
import { api, download, wsPath } from '../api.js';
import { wsHash } from '../nav.js';
import { copy } from '../clipboard.js';
import { percent, lastResponse, time } from '../format.js';
import { disabledReason, enableSwitch } from '../webhook-common.js';
import { attemptsPanel } from '../attempts.js';
import { drawCharts } from '../charts.js';
import { testResult } from '../test-result.js';
import { errorAlert, loading, screenHead, show } from '../ui.js';

export function render(view, { ws, id }) {
  const alert = h('div', { class: 'screen-alert' });
  const facts = h('section', { class: 'panel', 'aria-labelledby': 'state-title' }, loading());
  const charts = h('div', { class: 'charts' }, loading('Loading the last 24 hours…'));
  const testSlot = h('div', { 'aria-live': 'polite' });
  const stops = [];
  const refreshFacts = () => loadFacts(ws, id, facts, alert);
  const refreshCharts = () => loadCharts(ws, id, charts, stops);
  const attempts = attemptsPanel(ws, id, () => { refreshFacts(); refreshCharts(); });
  stops.push(attempts.stop);

  view.append(
    screenHead('Webhook', {
      crumbs: [h('a', { href: wsHash(ws, 'webhooks') }, 'Webhooks'), ' › ', 'Webhook'],
      aside: [h('a', { class: 'button', href: wsHash(ws, 'webhooks', id, 'edit') }, 'Edit'),
        h('button', { type: 'button', id: 'send-test', onclick: () => sendTest(ws, id, testSlot, attempts.refresh) }, 'Send test'),
        logDownload(ws, id, alert)],
    }),
    alert, facts, testSlot,
    h('section', { class: 'panel', 'aria-labelledby': 'charts-title' },
      h('h2', { id: 'charts-title' }, 'Last 24 hours'), charts),
    attempts.el,
    h('div', { class: 'grid-2' }, secretPanel(ws, id), recoveryPlaceholder()));
  refreshFacts();
  refreshCharts();
  return () => stops.forEach(stop => stop());
}

async function loadFacts(ws, id, slot, alert) {
  try {
    const w = await api('GET', wsPath(ws, 'webhooks', id));
    const onChanged = () => { show(alert); loadFacts(ws, id, slot, alert); };
    show(slot,
      h('h2', { id: 'state-title', class: 'url', 'data-webhook-url': w.url }, w.url),
      h('div', { class: 'actions tight' },
        enableSwitch(ws, w, { onChanged, onError: e => show(alert, errorAlert(e)), showLabel: true })),
      h('dl', { class: 'facts', id: 'webhook-facts' },
        fact('Event', h('code', {}, w.event_type)),
        fact('Format', w.format),
        fact('Errors in a row', String(w.errors_counter), 'errors-counter'),
        fact('Error rate (last 1000)', percent(w.stats.error_rate)),
        fact('Activations', String(w.stats.activations)),
        fact('Last response', lastResponse(w.stats.last_response)),
        fact('Disabled', disabledReason(w)),
        fact('Created', time(w.created_at)),
        fact('Id', h('code', {}, w.id))));
  } catch (error) {
    show(slot, errorAlert(error));
  }
}

async function loadCharts(ws, id, slot, stops) {
  try {
    const rows = (await api('GET', `${wsPath(ws, 'webhooks', id, 'stats')}?hours=24`)).data;
    while (stops.length > 1) stops.pop()(); // the previous drawing's resize observer
    stops.push(drawCharts(slot, rows));
  } catch (error) {
    show(slot, errorAlert(error));
  }
}

async function sendTest(ws, id, slot, refreshAttempts) {
  show(slot, loading('Sending a test event…'));
  try {
    show(slot, testResult(await api('POST', wsPath(ws, 'webhooks', id, 'test'))));
    refreshAttempts();
  } catch (error) {
    show(slot, h('section', { class: 'panel', id: 'test-result' }, h('h2', { tabindex: '-1' }, 'Test result'),
      errorAlert(error, 'No test was sent.')));
  }
  slot.querySelector('h2').focus();
}

/** "Download log": the last N full entries as a JSON file, fetched with the bearer header and saved as a Blob. */
function logDownload(ws, id, alert) {
  const size = h('select', { id: 'log-size', 'aria-label': 'How many attempts the log holds' },
    [100, 500, 1000].map(n => h('option', { value: String(n) }, `last ${n}`)));
  const button = h('button', { type: 'button', id: 'download-log' }, 'Download log');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const name = await download(`${wsPath(ws, 'webhooks', id, 'log')}?limit=${size.value}`, `webhook-${id}-log.json`);
      announce(`Saved ${name}.`);
    } catch (error) {
      show(alert, errorAlert(error, 'The log was not downloaded.'));
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'row' }, button, size);
}

function secretPanel(ws, id) {
  const slot = h('div', { class: 'secret-box', id: 'secret' });
  const reveal = h('button', { type: 'button', id: 'reveal-secret' }, 'Reveal secret');
  reveal.addEventListener('click', async () => {
    try {
      const { secret } = await api('GET', wsPath(ws, 'webhooks', id, 'secret'));
      const hide = h('button', { type: 'button', onclick: () => show(slot, reveal) }, 'Hide');
      show(slot, h('code', { id: 'secret-value' }, secret),
        h('button', { type: 'button', id: 'copy-secret', onclick: () => copy(secret, 'The secret') }, 'Copy'), hide);
      hide.focus();
    } catch (error) {
      show(slot, reveal, errorAlert(error));
    }
  });
  slot.append(reveal);
  return h('section', { class: 'panel', 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title' }, 'Signing secret'),
    h('p', { class: 'muted small' }, 'Receivers check the webhook-signature header with it (Standard Webhooks).'),
    slot
    // Secret rotation lands here: "Rotate secret" (POST …/secret/rotate {overlap_seconds}) showing
    // previous_secret_expires_at, i.e. until when both signatures are sent.
  );
}

/**
 * Recovery (resend, recover since a time with a progress bar and cancel, secret rotation) is not served by
 * this Hookline yet. Its screens plug in here and in attempts.js (a "Resend" button per row).
 */
function recoveryPlaceholder() {
  return h('section', { class: 'panel placeholder', 'aria-labelledby': 'recovery-title', id: 'recovery-placeholder' },
    h('h2', { id: 'recovery-title' }, 'Resend and recover'),
    h('p', { class: 'muted small' }, 'Resending one event, recovering everything since a time, and rotating the '
      + 'secret arrive with a later Hookline version. Until then, failed attempts are never sent again.'));
}

function fact(label, value, id) {
  return h('div', {}, h('dt', {}, label), h('dd', { id }, value));
}
