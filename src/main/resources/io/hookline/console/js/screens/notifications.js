// The notification outbox: the mails Hookline queued for this workspace (e.g. "webhook disabled") and their state.
import { h } from '../dom.js';
import { api, wsPath } from '../api.js';
import { time } from '../format.js';
import { errorAlert, loading, screenHead, show, table } from '../ui.js';

const LIMIT = 100;
const BADGES = { sent: 'ok', no_recipient: 'bad' };

export function render(view, { ws }) {
  const slot = h('div', {}, loading());
  view.append(screenHead('Notifications', {
    lead: 'Mails to the workspace\'s notification address, newest first. "logged" means no mail server is set up: '
      + 'the mail was written to Hookline\'s log instead.',
  }), slot);
  load(ws, slot);
}

async function load(ws, slot) {
  try {
    // The list answers next_cursor: an "Older" button that passes it back belongs here.
    const rows = (await api('GET', `${wsPath(ws, 'notifications')}?limit=${LIMIT}`)).data;
    show(slot, table([
      { label: 'Queued', cell: n => time(n.created_at) },
      { label: 'Kind', cell: n => h('code', {}, n.kind) },
      { label: 'To', cell: n => n.to || '—' },
      { label: 'Subject', cell: n => n.subject },
      { label: 'Status', cell: n => h('span', { class: `badge ${BADGES[n.status] || ''}` }, n.status) },
      { label: 'Attempts', num: true, cell: n => String(n.attempts) },
      { label: 'Last error', cell: n => n.last_error || '—' },
      { label: 'Sent', cell: n => time(n.sent_at) },
    ], rows, { caption: 'Notifications', empty: 'No notifications: no webhook of this workspace was disabled.' }));
  } catch (error) {
    show(slot, errorAlert(error));
  }
}
