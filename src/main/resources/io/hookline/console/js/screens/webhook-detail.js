// One webhook: its state and counters, the enable switch, test, log download, charts, attempts (with resend),
// recovery since a time, and the secret (reveal, copy, rotate).
import { h, announce, refocus } from '../dom.js';
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
  const aside = h('div', { class: 'actions tight' });
  const body = h('div', {}, loading());
  const page = { stops: [], left: false };
  view.append(screenHead('Webhook', {
    crumbs: [h('a', { href: wsHash(ws, 'webhooks') }, 'Webhooks'), ' › ', 'Webhook'], aside: [aside],
  }), alert, body);
  // a webhook deleted while its page is open (or a link to one that never was): one notice, no more polling, no
  // buttons that can only fail (review: the attempts table asked every 5 s forever, and each panel showed a 404)
  const gone = error => {
    page.stops.splice(0).forEach(stop => stop());
    show(aside);
    show(alert);
    const back = h('a', { href: wsHash(ws, 'webhooks') }, 'Back to the webhooks');
    show(body, errorAlert(error, 'This webhook is not there any more.'), h('p', {}, back));
    if (document.activeElement === document.body) refocus(back); // its switch or button went with the page
  };
  const load = () => api('GET', wsPath(ws, 'webhooks', id))
    .then(w => { if (!page.left) build({ ws, id, w, aside, alert, body, page, gone }); })
    .catch(error => {
      if (page.left) return;
      if (error.status === 404) gone(error);
      else show(body, errorAlert(error), h('button', { type: 'button', id: 'retry-webhook', onclick: () => { show(body, loading()); load(); } }, 'Try again'));
    });
  load();
  return () => { page.left = true; page.stops.forEach(stop => stop()); };
}

function build({ ws, id, w, aside, alert, body, page, gone }) {
  const facts = h('section', { class: 'panel', 'aria-labelledby': 'state-title' });
  const charts = h('div', { class: 'charts' }, loading('Loading the last 24 hours…'));
  const testSlot = h('div', { 'aria-live': 'polite' });
  const { stops } = page;
  const missing = error => { if (error.status === 404) gone(error); return error.status === 404; };
  const refreshCharts = () => loadCharts(ws, id, charts, stops);
  const attempts = attemptsPanel(ws, id, () => { refreshFacts(); refreshCharts(); }, missing);
  const recovery = recoveryPanel(ws, id, () => attempts.refresh());
  const factsView = { slot: facts, alert, recovery, missing };
  const refreshFacts = focused => loadFacts(ws, id, { ...factsView, focused });
  stops.push(attempts.stop, recovery.stop);
  show(aside, h('a', { class: 'button', href: wsHash(ws, 'webhooks', id, 'edit') }, 'Edit'),
    h('button', { type: 'button', id: 'send-test', onclick: () => sendTest(ws, id, testSlot, attempts.refresh) }, 'Send test'),
    logDownload(ws, id, alert));
  show(body, facts, testSlot,
    h('section', { class: 'panel', 'aria-labelledby': 'charts-title' },
      h('h2', { id: 'charts-title' }, 'Last 24 hours'), charts),
    attempts.el,
    h('div', { class: 'grid-2' }, secretPanel(ws, id), recovery.el));
  showFacts(ws, w, factsView);
  refreshCharts();
}

async function loadFacts(ws, id, factsView) {
  try {
    showFacts(ws, await api('GET', wsPath(ws, 'webhooks', id)), factsView);
  } catch (error) {
    if (!factsView.missing(error)) show(factsView.slot, errorAlert(error));
  }
}

function showFacts(ws, w, factsView) {
  const { slot, alert, recovery, focused, missing } = factsView;
  const onChanged = (updated, hadFocus) => {
    show(alert);
    loadFacts(ws, w.id, { ...factsView, focused: hadFocus });
  };
  const onError = error => { if (!missing(error)) show(alert, errorAlert(error)); };
  recovery.webhookEnabled(w.enabled);
  show(slot,
    h('h2', { id: 'state-title', class: 'url', 'data-webhook-url': w.url }, w.url),
    h('div', { class: 'actions tight' }, enableSwitch(ws, w, { onChanged, onError, showLabel: true })),
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
