// Admin: a workspace's tokens. A new token is shown once, here, and never again (only its hash is stored).
import { h, announce, refocus } from '../dom.js';
import { api, wsPath } from '../api.js';
import { session } from '../session.js';
import { copy } from '../clipboard.js';
import { time } from '../format.js';
import { errorAlert, fieldErrors, loading, okAlert, screenHead, show, table, textField } from '../ui.js';

export function render(view, { ws }) {
  view.append(screenHead('Workspace tokens', {
    lead: 'A workspace token reaches this workspace only. Give each user or system its own, named, so the audit '
      + 'log says who changed what.',
  }));
  if (!session.isAdmin) {
    view.append(h('div', { class: 'alert info', role: 'status' }, 'Only the admin token manages tokens.'));
    return;
  }
  const list = h('div', {}, loading());
  const created = h('div', { 'aria-live': 'polite' });
  view.append(
    h('section', { class: 'panel', 'aria-labelledby': 'new-token' }, h('h2', { id: 'new-token' }, 'Create a token'),
      createForm(ws, created, () => refresh(ws, list, created)), created),
    h('section', { class: 'panel', 'aria-labelledby': 'tokens' }, h('h2', { id: 'tokens', tabindex: '-1' }, 'Tokens'), list));
  refresh(ws, list, created);
}

async function refresh(ws, slot, created) {
  try {
    const rows = await everyToken(ws);
    show(slot, table([
      { label: 'Name', cell: t => t.name },
      { label: 'Created', cell: t => time(t.created_at) },
      { label: 'Id', cell: t => h('code', {}, t.id) },
      { label: 'Action', cell: t => h('button', { type: 'button', class: 'danger', onclick: () => revoke(ws, t, slot, created) }, 'Revoke') },
    ], rows, { caption: 'Workspace tokens', empty: 'No tokens yet.' }));
  } catch (error) {
    show(slot, errorAlert(error));
  }
}

// every token, page by page: one that is not listed cannot be revoked here, and the oldest are the forgotten ones
async function everyToken(ws) {
  const rows = [];
  let cursor = null;
  do {
    const page = await api('GET', wsPath(ws, 'tokens') + `?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

async function revoke(ws, token, slot, created) {
  if (!window.confirm(`Revoke the token "${token.name}"? Whoever uses it is locked out at once.`)) return;
  try {
    await api('DELETE', wsPath(ws, 'tokens', token.id));
    // the box that shows a new token once must not go on showing it once it is revoked
    if (created.dataset.tokenId === token.id) {
      show(created);
      delete created.dataset.tokenId;
    }
    await refresh(ws, slot, created);
    announce(`Token "${token.name}" revoked.`);
    refocus('#tokens'); // its Revoke button went with its row
  } catch (error) {
    show(slot, errorAlert(error));
  }
}

function createForm(ws, created, refreshList) {
  const alert = h('div');
  const fields = { name: textField({ name: 'name', label: 'Token name', hint: 'Who uses it, e.g. "crm-sync" or "alice".' }) };
  const form = h('form', { novalidate: true }, fields.name.el, alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create token')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    show(alert);
    show(created);
    fields.name.setError(''); // a complaint about the name before stays only if this try brings it again
    try {
      const token = await api('POST', wsPath(ws, 'tokens'), { name: fields.name.value() });
      fields.name.input.value = '';
      show(created, shownOnce(token));
      created.dataset.tokenId = token.id;
      refreshList();
    } catch (error) {
      fieldErrors(fields, error, alert, 'The token was not created.');
    }
  });
  return form;
}

function shownOnce(token) {
  return okAlert(
    h('p', {}, h('strong', {}, `Token "${token.name}" created. Copy it now: it is shown only this once.`)),
    h('div', { class: 'secret-box' }, h('code', { id: 'new-token-value' }, token.token),
      h('button', { type: 'button', onclick: () => copy(token.token, 'The token') }, 'Copy')));
}
