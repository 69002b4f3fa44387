// One attempt in full: the request Hookline sent (URL, headers, JSON body) and what came back. The summary list
// has no bodies, so the entry is read from the log download (…/log?limit=), which holds complete entries: only as
// many as reach down to the attempt's place in the list, and each entry read is kept for the next click (an
// attempt never changes), since every entry may carry a 64 KiB body.
// "Resend this event" sends the attempt's event to the webhook again, now, and shows the new attempt.
import { h, append, refocus } from './dom.js';
import { api, wsPath } from './api.js';
import { eventType, ms, outcome, prettyJson, time } from './format.js';
import { errorAlert, loading, show } from './ui.js';
import { announce } from './dom.js';

const MAX_LOG = 1000;
// attempts that arrived between the table's refresh and the click push the attempt down by that many
const SLACK = 5;
// the cut the log makes to a response body (KEPT_ANSWER_BYTES); a cut inside a character may lose up to 3 bytes
const KEPT_BYTES = 65536;
const read = { webhook: null, entries: new Map() };

/**
 * onResent is called after a resend stored its attempt (to refresh the attempts table); position is the attempt's
 * place among the webhook's newest attempts (0 = newest), when known.
 */
export async function openAttempt(ws, webhookId, summary, onResent, position) {
  const body = h('div', { class: 'dialog-body' }, loading('Loading the attempt…'));
  const close = h('button', { type: 'button', id: 'close-attempt' }, 'Close');
  const dialog = h('dialog', { 'aria-labelledby': 'attempt-title', id: 'attempt-dialog' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'attempt-title' }, `Attempt ${summary.id}`),
      h('div', { class: 'actions tight' }, resendButton(ws, webhookId, summary, body, onResent), close)),
    body);
  const opener = document.activeElement;
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    // a resend refreshes the table behind the dialog: the button that opened it is then a new one
    refocus(opener, detailsButton(summary.id), '#attempts-title');
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus(); // not "Resend this event", the first button: a stray Enter must not send anything
  try {
    const entry = await find(ws, webhookId, summary.id, position);
    body.replaceChildren();
    append(body, entry ? detail(entry) : [h('p', {}, 'This attempt is older than the last 1000; it is in no log '
      + 'download any more.')]);
  } catch (error) {
    body.replaceChildren(errorAlert(error));
  }
}

function resendButton(ws, webhookId, summary, body, onResent) {
  const button = h('button', { type: 'button', class: 'primary', id: 'resend-attempt' }, 'Resend this event');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const slot = body.querySelector('#resend-result') || h('div', { id: 'resend-result', 'aria-live': 'polite' });
    body.prepend(slot);
    show(slot, loading(`Sending ${summary.event_id} again…`));
    try {
      const attempt = await api('POST', wsPath(ws, 'webhooks', webhookId, 'resend'), { event_id: summary.event_id });
      show(slot, h('div', { class: `alert ${attempt.success ? 'ok' : 'error'}`, role: 'status' },
        h('p', {}, h('strong', {}, 'Sent again: '), outcome(attempt.success, attempt.response && attempt.response.status_code,
          attempt.error), ` in ${ms(attempt.duration_ms)}, as attempt `, h('code', { id: 'resent-attempt' }, String(attempt.id)),
        ' (', h('span', { class: 'badge' }, attempt.trigger || 'resend'), ').')));
      announce(attempt.success ? 'The event was sent again and accepted.' : 'The event was sent again and refused.');
      if (onResent) onResent(attempt);
    } catch (error) {
      show(slot, error.code === 'webhook_disabled'
        ? h('div', { class: 'alert error', role: 'alert' }, h('p', {}, h('strong', {}, 'Nothing was sent: this webhook is '
          + 'turned off.')), h('p', {}, 'Turn on "Webhook enabled" on its page, then resend.'))
        : errorAlert(error, 'Nothing was sent.'));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** The log entry of one attempt: from what was read before, else from the newest entries down to its place. */
async function find(ws, webhookId, attemptId, position) {
  const key = `${ws}/${webhookId}`;
  if (read.webhook !== key) Object.assign(read, { webhook: key, entries: new Map() }); // one webhook's entries at a time
  let limit = Math.min(MAX_LOG, (Number.isInteger(position) ? position + 1 : 0) + SLACK);
  for (;;) {
    if (read.entries.has(attemptId)) return read.entries.get(attemptId);
    const log = await api('GET', `${wsPath(ws, 'webhooks', webhookId, 'log')}?limit=${limit}`);
    log.forEach(e => read.entries.set(e.id, e));
    if (read.entries.has(attemptId)) return read.entries.get(attemptId);
    if (log.length < limit || limit >= MAX_LOG) return null;
    limit = Math.min(MAX_LOG, limit * 4); // it moved further down than the slack allows: look deeper
  }
}

function detail(entry) {
  const response = entry.response;
  return [
    h('p', {}, outcome(entry.success, response && response.status_code, entry.error), ' ',
      trigger(entry)),
    h('dl', { class: 'facts' },
      fact('Sent', time(entry.attempted_at)),
      fact('Duration', ms(entry.duration_ms)),
      fact('Event', entry.event_id),
      fact('Event type', eventType(entry.event_type)),
      entry.error ? fact('Error', entry.error) : null),
    h('h3', {}, 'Request'),
    h('p', { class: 'mono small', id: 'attempt-url' }, `POST ${entry.request.url}`),
    headers(entry.request.headers, 'Request headers'),
    h('pre', { id: 'attempt-request-body', 'aria-label': 'Request body' }, prettyJson(entry.request.body)),
    h('h3', {}, 'Response'),
    response
      ? [h('p', {}, `Status ${response.status_code}`), headers(response.headers, 'Response headers'),
        cutBody(response.body),
        h('pre', { id: 'attempt-response-body', 'aria-label': 'Response body' }, response.body || '(empty)')]
      : h('p', { id: 'attempt-response-body' }, `No response: ${entry.error || 'nothing came back'}.`),
  ];
}

/** The log keeps the first 64 KiB of an answer: a body that long was (most likely) cut there. */
function cutBody(body) {
  if (!body || body.length * 3 < KEPT_BYTES - 3 || new TextEncoder().encode(body).length < KEPT_BYTES - 3) return null;
  return h('p', { class: 'alert info', id: 'attempt-response-cut' }, 'Cut at 64 KiB: the log keeps only the '
    + 'beginning of a longer answer. First 64 KiB shown.');
}

function headers(map, caption) {
  const names = Object.keys(map || {});
  if (names.length === 0) return h('p', { class: 'muted small' }, `${caption}: none`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'headers' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('tbody', {}, names.map(n => h('tr', {}, h('th', { scope: 'row' }, n), h('td', {}, String(map[n])))))));
}

/** The selector of an attempt's "Details" button in the attempts table (which a refresh draws anew). */
export function detailsButton(attemptId) {
  return `button[data-attempt="${CSS.escape(String(attemptId))}"]`;
}

/** What made the attempt (delivery, test, resend, recover); an older entry has only the test flag. */
export function trigger(attempt) {
  const name = attempt.trigger || (attempt.test ? 'test' : 'delivery');
  return h('span', { class: `badge trigger-${name}${name === 'test' ? ' test' : ''}`, 'data-trigger': name }, name);
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}
