// "Last sending attempts" of one webhook: newest first, optionally failed ones only, refreshed every few seconds
// while the tab is visible. Each row opens the attempt's detail (request and response) from the log download.
import { h, announce, refocus } from './dom.js';
import { api, wsPath } from './api.js';
import { clock, eventType, ms, outcome, time } from './format.js';
import { detailsButton, openAttempt, trigger } from './attempt-detail.js';
import { errorAlert, show, table } from './ui.js';

const SHOWN = 25;
const SCANNED_FOR_FAILURES = 500;
const REFRESH_MS = 5000;

/**
 * Returns {el, refresh(), stop()}; onNew is called when attempts appeared since the last look. onMissing(error) is
 * asked first about a failed refresh: true when it took care of it (the webhook is gone), and then polling stops.
 */
export function attemptsPanel(ws, webhookId, onNew, onMissing = () => false) {
  const failedOnly = h('input', { type: 'checkbox', id: 'failed-only' });
  const auto = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
  const stamp = h('span', { class: 'refresh-state', id: 'attempts-updated', 'aria-live': 'off' });
  const slot = h('div', { id: 'attempts' });
  let last = null;
  let newest = null;
  let timer = null;
  let positions = new Map(); // attempt id → its place among the newest attempts, as of the latest refresh

  const refresh = async () => {
    try {
      const limit = failedOnly.checked ? SCANNED_FOR_FAILURES : SHOWN;
      const page = await api('GET', `${wsPath(ws, 'webhooks', webhookId, 'attempts')}?limit=${limit}`);
      const all = page.data;
      const matching = failedOnly.checked ? all.filter(a => !a.success) : all;
      const rows = matching.slice(0, SHOWN);
      const cut = rows.length > 0 && (matching.length > SHOWN || Boolean(page.next_cursor));
      stamp.textContent = `Updated ${clock(new Date())}`;
      positions = new Map(all.map((a, i) => [a.id, i]));
      const key = JSON.stringify([rows, cut]);
      if (key !== last) { // redraw only on change, so keyboard focus in the table survives a refresh
        last = key;
        const focused = slot.contains(document.activeElement) ? document.activeElement.dataset.attempt : undefined;
        show(slot, render(ws, webhookId, { rows, positionOf: attempt => positions.get(attempt), cut }, failedOnly.checked, () => refresh()));
        // a redraw replaces the button that had the focus: the same attempt's new one takes it
        if (focused !== undefined) refocus(detailsButton(focused), '#attempts-title');
      }
      if (all.length && newest !== null && all[0].id !== newest && onNew) onNew();
      if (all.length) newest = all[0].id;
    } catch (error) {
      if (onMissing(error)) {
        clearInterval(timer);
        return;
      }
      show(slot, errorAlert(error));
      last = null;
    }
  };
  const schedule = () => {
    clearInterval(timer);
    timer = auto.checked ? setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS) : null;
  };
  failedOnly.addEventListener('change', () => {
    refresh();
    announce(failedOnly.checked ? 'Showing failed attempts only.' : 'Showing all attempts.');
  });
  auto.addEventListener('change', schedule);

  const el = h('section', { class: 'panel', 'aria-labelledby': 'attempts-title' },
    h('div', { class: 'screen-head' },
      h('h2', { id: 'attempts-title', tabindex: '-1' }, 'Last sending attempts'),
      h('div', { class: 'actions tight' },
        h('label', { class: 'inline-check', for: 'failed-only' }, failedOnly, 'Failed only'),
        h('label', { class: 'inline-check', for: 'auto-refresh' }, auto, `Refresh every ${REFRESH_MS / 1000} s`),
        h('button', { type: 'button', onclick: refresh }, 'Refresh now'),
        stamp)),
    slot);
  refresh();
  schedule();
  return { el, refresh, stop: () => clearInterval(timer) };
}

function render(ws, webhookId, { rows, positionOf, cut }, failedOnly, onResent) {
  return [table([
    { label: 'Time', cell: a => time(a.attempted_at) },
    { label: 'Event', cls: 'break', cell: a => h('span', {}, eventType(a.event_type), h('br'), h('span', { class: 'small muted mono' }, a.event_id)) },
    { label: 'Result', cell: a => outcome(a.success, a.status_code, a.error) },
    { label: 'Duration', num: true, cell: a => ms(a.duration_ms) },
    { label: 'Sent by', cell: a => trigger(a) },
    {
      label: 'Detail',
      cell: a => h('button', { type: 'button', class: 'link', 'data-attempt': a.id,
        'aria-label': `Details of the attempt at ${a.attempted_at}`,
        onclick: () => openAttempt(ws, webhookId, a, onResent, positionOf(a.id)) }, 'Details'),
    },
  ], rows, {
    caption: 'Last sending attempts', rowClass: a => (a.success ? null : 'failed'),
    empty: failedOnly ? `No failed attempts among the last ${SCANNED_FOR_FAILURES}.` : 'No attempts yet.',
  }), cut ? cutNote(rows.length, failedOnly) : null];
}

/** The table holds the latest SHOWN only: say so when there are more, and where the rest is. */
function cutNote(shown, failedOnly) {
  const what = failedOnly
    ? `Only the latest ${shown} failed attempts (of the latest ${SCANNED_FOR_FAILURES} attempts) are shown`
    : `Only the latest ${SHOWN} attempts are shown`;
  return h('p', { class: 'small muted table-note', id: 'attempts-cut' }, `${what} — download the log for more.`);
}
