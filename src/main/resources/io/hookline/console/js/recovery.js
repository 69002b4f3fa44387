// "Recover since a time": re-send every event of a window this webhook never got, with a live
// progress bar and a cancel button. The job runs in Hookline, not in the page: leaving the page or reloading it
// does not stop it, and coming back shows the running job again (the newest one from …/recoveries).
import { h, announce, refocus } from './dom.js';
import { api, wsPath } from './api.js';
import { time } from './format.js';
import { errorAlert, fieldErrors, show, textField } from './ui.js';

const POLL_MS = 1000;
// After a cancel, the request the job had on the wire still finishes and counts into it (its sent can still grow),
// so the panel follows a job it saw running a while longer after its cancel: well past the default 5 s delivery
// timeout (a webhook with a longer one may finish later; the API's counts are then the ones to read).
const SETTLE_MS = 60000;
const STATUS = {
  running: 'Running',
  done: 'Done',
  failed: 'Stopped: the webhook was disabled',
  cancelled: 'Cancelled',
};

/**
 * Returns {el, stop(), webhookEnabled(on)}; onProgress is called when a job sent something (to refresh the attempts
 * table). A recovery sends only to an enabled webhook: while the page says it is off, "Recover" is off too, saying why.
 */
export function recoveryPanel(ws, webhookId, onProgress) {
  const since = textField({ name: 'since', label: 'Since', type: 'datetime-local', value: localInput(Date.now() - 86400000),
    hint: 'Your local time. Events received from then on that this webhook never got are sent again, oldest first.' });
  const until = textField({ name: 'until', label: 'Until (optional)', type: 'datetime-local', hint: 'Empty = now.' });
  const alert = h('div');
  const progress = h('div', { id: 'recovery-progress', 'aria-live': 'polite' });
  const offHint = h('span', { class: 'small muted', id: 'recovery-off-hint' });
  const start = h('button', { type: 'submit', class: 'primary', id: 'start-recovery', 'aria-describedby': offHint.id },
    'Recover');
  const form = h('form', { novalidate: true, 'aria-label': 'Recover since a time' },
    h('div', { class: 'grid-2 tight' }, since.el, until.el), alert, h('div', { class: 'actions' }, start, offHint));
  let running = false;
  let off = false; // the webhook is disabled: nothing can be recovered until it is turned on
  const sync = () => {
    start.disabled = running || off;
    offHint.textContent = off ? 'The webhook is turned off: turn on "Webhook enabled" above to recover.' : '';
  };
  let timer = null;
  let sent = -1;
  let runningSeen = null; // the job last seen running here: only such a job is followed past its cancel
  let ended = null; // {id, at}: the job seen ending on this page, and when (this browser's clock only)
  let current = null; // the job shown
  let asked = 0; // answers are applied only if nothing was asked after them: a late poll cannot undo a cancel
  let closed = false; // the panel left the page: nothing arriving later restarts the polling
  const stop = () => { clearTimeout(timer); timer = null; current = null; };
  const settling = job => job.status === 'cancelled' && runningSeen === job.id && ended.at > Date.now() - SETTLE_MS;

  const follow = async job => {
    if (closed) return;
    stop();
    current = job.id;
    show(progress, progressView(job, () => cancel(job)));
    if (job.sent !== sent && sent >= 0 && onProgress) onProgress();
    sent = job.sent;
    running = job.status === 'running';
    sync();
    if (job.status === 'running') runningSeen = job.id;
    else {
      if (!ended || ended.id !== job.id) {
        ended = { id: job.id, at: Date.now() };
        announce(`Recovery ${STATUS[job.status].toLowerCase()}: ${job.succeeded} of ${job.total} delivered.`);
      }
      if (!settling(job)) return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const polled = await api('GET', wsPath(ws, 'webhooks', webhookId, 'recoveries', job.id));
        if (current === job.id && mine === asked) follow(polled);
      } catch (error) {
        show(alert, errorAlert(error, 'Lost track of the recovery.'));
      }
    }, POLL_MS);
  };
  const cancel = async job => {
    const mine = ++asked;
    const pressed = document.activeElement;
    try {
      const cancelled = await api('DELETE', wsPath(ws, 'webhooks', webhookId, 'recoveries', job.id));
      if (mine === asked) follow(cancelled);
      if (pressed && !pressed.isConnected) refocus(start, '#recovery-title'); // "Cancel recovery" left with the job
    } catch (error) {
      show(alert, errorAlert(error, 'The recovery was not cancelled.'));
    }
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    show(alert);
    [since, until].forEach(f => f.setError(''));
    if (!since.value()) { // an empty date box otherwise reached the API, whose answer speaks of ISO-8601
      since.setError('Pick the time to recover from.');
      since.input.focus();
      return;
    }
    const body = { since: isoOf(since.value()) };
    if (until.value()) body.until = isoOf(until.value());
    running = true;
    sync();
    asked++; // a poll of the previous job still on its way is not shown over the new one
    try {
      sent = 0;
      follow(await api('POST', wsPath(ws, 'webhooks', webhookId, 'recover'), body));
      announce('Recovery started.');
    } catch (error) {
      running = false;
      sync();
      if (error.code === 'webhook_disabled') {
        off = true;
        sync();
        show(alert, h('div', { class: 'alert error', role: 'alert' },
          h('p', {}, h('strong', {}, 'No recovery was started: this webhook is turned off.')),
          h('p', {}, 'Turn on "Webhook enabled" above, then recover.')));
      } else {
        fieldErrors({ since, until }, error, alert, 'No recovery was started.');
      }
    }
  });

  api('GET', `${wsPath(ws, 'webhooks', webhookId, 'recoveries')}?limit=1`)
    .then(r => { if (r.data.length) follow(r.data[0]); })
    .catch(error => show(alert, errorAlert(error)));

  const el = h('section', { class: 'panel', 'aria-labelledby': 'recovery-title', id: 'recovery' },
    h('h2', { id: 'recovery-title', tabindex: '-1' }, 'Recover since a time'),
    h('p', { class: 'muted small' }, 'For after an outage: failed deliveries, and events dropped or never sent while '
      + 'the webhook was disabled, go out again (once each). Resend one event from an attempt\'s details.'),
    form, progress);
  const webhookEnabled = on => {
    off = !on;
    if (on && offHint.textContent) show(alert); // the refusal of a moment ago no longer holds
    sync();
  };
  return { el, stop: () => { closed = true; stop(); }, webhookEnabled };
}

function progressView(job, onCancel) {
  const running = job.status === 'running';
  const done = job.total === 0 ? (running ? 0 : 1) : job.sent;
  const max = Math.max(job.total, 1);
  const label = `${job.sent} of ${job.total} sent · ${job.succeeded} delivered · ${job.failed} failed`;
  return h('div', { class: `recovery-job ${job.status}`, 'data-status': job.status },
    h('p', {}, h('strong', { id: 'recovery-status' }, STATUS[job.status] || job.status), ' · events from ',
      time(job.since), ' to ', time(job.until)),
    h('progress', { id: 'recovery-bar', max: String(max), value: String(Math.min(done, max)), 'aria-label': 'Recovery progress',
      'aria-valuetext': label }),
    h('p', { class: 'small', id: 'recovery-counts' }, label,
      job.finished_at ? [' · finished ', time(job.finished_at)] : null),
    running ? h('button', { type: 'button', class: 'danger', id: 'cancel-recovery', onclick: onCancel }, 'Cancel recovery') : null);
}

/** datetime-local is the browser's local time without a zone; the API wants an instant. */
function isoOf(local) {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function localInput(ms) {
  const d = new Date(ms);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
