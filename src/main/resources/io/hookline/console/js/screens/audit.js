// The audit log: who changed which webhook, and what changed (before → after of the fields that differ).
import { h } from '../dom.js';
import { wsPath } from '../api.js';
import { wsHash } from '../nav.js';
import { time } from '../format.js';
import { pagedList } from '../paged.js';
import { loading, screenHead, table } from '../ui.js';

const LIMIT = 100;
const IGNORED = new Set(['updated_at', 'created_at', 'workspace_id', 'id']);

export function render(view, { ws }) {
  const slot = h('div', {}, loading());
  view.append(screenHead('Audit log', { lead: `Webhook changes, newest first, ${LIMIT} at a time.` }), slot);
  pagedList(slot, wsPath(ws, 'audit'), LIMIT, rows => table([
    { label: 'When', cell: e => time(e.at) },
    { label: 'Who', cell: e => e.actor },
    { label: 'Action', cell: e => h('code', {}, e.action) },
    { label: 'Webhook', cls: 'url', cell: e => webhookCell(ws, e) },
    { label: 'Change', cell: e => change(e) },
  ], rows, { caption: 'Audit log', empty: 'No changes yet.' }), 'Show older changes');
}

function webhookCell(ws, entry) {
  if (!entry.webhook_id) return '—';
  const url = (entry.after || entry.before || {}).url;
  return entry.action === 'webhook.deleted' ? url || entry.webhook_id
    : h('a', { href: wsHash(ws, 'webhooks', entry.webhook_id) }, url || entry.webhook_id);
}

function change(entry) {
  if (!entry.before) return 'created';
  if (!entry.after) return 'deleted';
  const lines = Object.keys(entry.after)
    .filter(k => !IGNORED.has(k) && JSON.stringify(entry.before[k]) !== JSON.stringify(entry.after[k]))
    .map(k => h('div', { class: 'small' }, h('code', {}, k), `: ${plain(entry.before[k])} → ${plain(entry.after[k])}`));
  // one element for the cell: on a phone each cell is a two-column grid (label, value), and loose lines would fall
  // into the label's column
  return lines.length ? h('div', {}, lines) : h('span', { class: 'muted' }, 'no visible change');
}

function plain(value) {
  return value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}
