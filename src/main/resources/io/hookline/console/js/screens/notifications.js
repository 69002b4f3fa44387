// The notification outbox: the mails Hookline queued for this workspace (e.g. "webhook disabled") and their state.
import { h } from '../dom.js';
import { wsPath } from '../api.js';
import { time } from '../format.js';
import { pagedList } from '../paged.js';
import { loading, screenHead, table } from '../ui.js';

const LIMIT = 100;
const BADGES = { sent: 'ok', no_recipient: 'bad' };

export function render(view, { ws }) {
  const slot = h('div', {}, loading());
  view.append(screenHead('Notifications', {
    lead: `Mails to the workspace's notification address, newest first, ${LIMIT} at a time. "logged" means no mail `
      + 'server is set up: the mail was written to Hookline\'s log instead.',
  }), slot);
  pagedList(slot, wsPath(ws, 'notifications'), LIMIT, rows => table([
    { label: 'Queued', cell: n => time(n.created_at) },
    { label: 'Kind', cell: n => h('code', {}, n.kind) },
    { label: 'To', cell: n => n.to || '—' },
    { label: 'Subject', cell: n => n.subject },
    { label: 'Status', cell: n => h('span', { class: `badge ${BADGES[n.status] || ''}` }, n.status) },
    { label: 'Attempts', num: true, cell: n => String(n.attempts) },
    { label: 'Last error', cell: n => n.last_error || '—' },
    { label: 'Sent', cell: n => time(n.sent_at) },
  ], rows, { caption: 'Notifications', empty: 'No notifications: no webhook of this workspace was disabled.' }),
  'Show older notifications');
}
