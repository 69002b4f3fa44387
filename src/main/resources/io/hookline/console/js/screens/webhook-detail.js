// One webhook: its state and counters, the enable switch, test, log download, charts, attempts (with resend),
// recovery since a time, and the secret (reveal, copy, rotate).
import { h, announce } from '../dom.js';
import { api, download, wsPath } from '../api.js';
import { wsHash } from '../nav.js';
import { percent, lastResponse, time } from '../format.js';
import { disabledReason, enableSwitch, eventTypes, filterSummary, focusSwitch } from '../webhook-common.js';
import { attemptsPanel } from '../attempts.js';
import { recoveryPanel } from '../recovery.js';
import { secretPanel } from '../secret-panel.js';
import { drawCharts } from '../charts.js';
import { testResult } from '../test-result.js';
import { errorAlert, loading, screenHead, show } from '../ui.js';

export function render(view, { ws, id }) {
  const alert = h('div', { class: 'screen-alert' });
  const facts = h('section', { class: 'panel', 'aria-labelledby': 'state-title' }, loading());
  const charts = h('div', { class: 'charts' }, loading('Loading the last 24 hours…'));
  const testSlot = h('div', { 'aria-live': 'polite' });
  const stops = [];
  const refreshCharts = () => loadCharts(ws, id, charts, stops);
  const attempts = attemptsPanel(ws, id, () => { refreshFacts(); refreshCharts(); });
  const recovery = recoveryPanel(ws, id, () => attempts.refresh());
  const refreshFacts = focused => loadFacts(ws, id, { slot: facts, alert, recovery, focused });
  stops.push(attempts.stop, recovery.stop);

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
    h('div', { class: 'grid-2' }, secretPanel(ws, id), recovery.el));
  refreshFacts();
  refreshCharts();
  return () => stops.forEach(stop => stop());
}

async function loadFacts(ws, id, { slot, alert, recovery, focused }) {
  try {
    const w = await api('GET', wsPath(ws, 'webhooks', id));
    const onChanged = (updated, hadFocus) => {
      show(alert);
      loadFacts(ws, id, { slot, alert, recovery, focused: hadFocus });
    };
    recovery.webhookEnabled(w.enabled);
    show(slot,
      h('h2', { id: 'state-title', class: 'url', 'data-webhook-url': w.url }, w.url),
      h('div', { class: 'actions tight' },
        enableSwitch(ws, w, { onChanged, onError: e => show(alert, errorAlert(e)), showLabel: true })),
      h('dl', { class: 'facts', id: 'webhook-facts' },
        fact('Events', eventTypes(w), 'webhook-events'),
        fact('Filter', filterSummary(w.filter) || h('span', { class: 'muted' }, 'none'), 'webhook-filter'),
        fact('Reaction window', w.reaction_window_ms > 0 ? `${w.reaction_window_ms} ms` : 'off (one POST per reaction)'),
        fact('Format', w.format),
        fact('Errors in a row', String(w.errors_counter), 'errors-counter'),
        fact('Error rate (last 1000)', percent(w.stats.error_rate)),
        fact('Activations', String(w.stats.activations)),
        fact('Last response', lastResponse(w.stats.last_response)),
        fact('Disabled', disabledReason(w)),
        fact('Created', time(w.created_at)),
        fact('Id', h('code', {}, w.id))));
    if (focused) focusSwitch(slot, w.id);
  } catch (error) {
    show(slot, errorAlert(error));
  }
}

async function loadCharts(ws, id, slot, stops) {
  try {
    const rows = (await api('GET', `${wsPath(ws, 'webhooks', id, 'stats')}?hours=24`)).data;
    while (stops.length > 2) stops.pop()(); // the previous drawing's resize observer
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

function fact(label, value, id) {
  return h('div', {}, h('dt', {}, label), h('dd', { id }, value));
}
