// Admin: pick a workspace, or create one. The list comes from GET /v1/workspaces, newest first, 100 at a time with
// "Show older workspaces"; against an older Hookline without it, the picker offers the workspaces opened in this
// tab and a field for any id.
import { h } from '../dom.js';
import { api, ApiError, wsPath } from '../api.js';
import { session, rememberWorkspace, recentWorkspaces } from '../session.js';
import { go, wsHash } from '../nav.js';
import { time } from '../format.js';
import { pagedList } from '../paged.js';
import { errorAlert, fieldErrors, loading, screenHead, show, table, textField } from '../ui.js';

export function render(view) {
  view.append(screenHead('Workspaces', { lead: 'Open a workspace to manage its webhooks, or create one.' }));
  if (!session.isAdmin) {
    view.append(h('div', { class: 'alert info', role: 'status' }, 'Only the admin token can list and create '
      + 'workspaces. ', h('a', { href: session.home }, 'Open your workspace')));
    return;
  }
  const list = h('div', {}, loading());
  view.append(h('div', { class: 'grid-2' },
    h('section', { class: 'panel', 'aria-labelledby': 'open-ws' }, h('h2', { id: 'open-ws' }, 'Open a workspace'),
      openForm(), list),
    h('section', { class: 'panel', 'aria-labelledby': 'new-ws' }, h('h2', { id: 'new-ws' }, 'Create a workspace'),
      createForm())));
  fillList(list);
}

const LIMIT = 100;

function fillList(slot) {
  pagedList(slot, '/v1/workspaces', LIMIT, rows => [h('h3', {}, 'All workspaces'), table([
    { label: 'Workspace', cls: 'break', cell: w => h('a', { href: wsHash(w.id, 'webhooks'), onclick: () => rememberWorkspace(w.id) }, w.id) },
    { label: 'Name', cls: 'break', cell: w => w.name },
    { label: 'Created', cell: w => time(w.created_at) },
  ], rows, { caption: 'Workspaces, newest first', empty: 'No workspaces yet: create the first one.' })],
  'Show older workspaces', {
    firstPageFailed: error => {
      if (error.status !== 404 && error.status !== 405) return false;
      recentList(slot); // no list endpoint on this Hookline yet
      return true;
    },
  });
}

function recentList(slot) {
  const recent = recentWorkspaces();
  show(slot, h('h3', {}, 'Opened in this tab'), recent.length === 0
    ? h('p', { class: 'empty' }, 'None yet. Type a workspace id above, or create a workspace.')
    : h('ul', { class: 'recent' }, recent.map(id => h('li', {}, h('a', { href: wsHash(id, 'webhooks') }, id)))));
}

function openForm() {
  const alert = h('div');
  const id = textField({ name: 'open_workspace', label: 'Workspace id', hint: 'The workspace_id producers send.' });
  const form = h('form', { novalidate: true }, id.el, alert, h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Open')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    show(alert);
    try {
      await api('GET', wsPath(id.value()));
      rememberWorkspace(id.value());
      go(wsHash(id.value(), 'webhooks'));
    } catch (error) {
      show(alert, errorAlert(error));
    }
  });
  return form;
}

function createForm() {
  const alert = h('div');
  const fields = {
    workspace_id: textField({ name: 'workspace_id', label: 'Workspace id', hint: '1–64 characters: A–Z, a–z, 0–9, _ and -.' }),
    name: textField({ name: 'name', label: 'Name' }),
    notification_email: textField({
      name: 'notification_email', label: 'Notification email (optional)', type: 'email',
      hint: 'Where Hookline writes when it disables a failing webhook.',
    }),
  };
  const form = h('form', { novalidate: true }, Object.values(fields).map(f => f.el), alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create workspace')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    show(alert);
    const ws = fields.workspace_id.value();
    try {
      await refuseExisting(ws);
      await api('PUT', wsPath(ws || '-'), {
        name: fields.name.value(), notification_email: fields.notification_email.value() || null,
      });
      rememberWorkspace(ws);
      go(wsHash(ws, 'webhooks'));
    } catch (error) {
      fieldErrors(fields, error, alert, 'The workspace was not created.');
    }
  });
  return form;
}

/** PUT would silently replace an existing workspace's name and email: creating must not do that. */
async function refuseExisting(ws) {
  if (!ws) {
    throw new ApiError(422, 'validation_failed', 'A workspace id is required.',
      [{ field: 'workspace_id', message: 'is required' }]);
  }
  try {
    await api('GET', wsPath(ws));
  } catch (error) {
    if (error.status === 404) return;
    throw error;
  }
  throw new ApiError(409, 'workspace_exists', `Workspace '${ws}' exists already.`,
    [{ field: 'workspace_id', message: 'is taken: open that workspace instead' }]);
}
