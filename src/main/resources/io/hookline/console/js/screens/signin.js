// Sign-in: paste a workspace token (opens its workspace) or the admin token (opens the workspace list). The token is
// checked with GET /v1/me before anything is kept; a refused token or workspace gets the server's reason.
import { h, append } from '../dom.js';
import { api, wsPath } from '../api.js';
import { session, rememberWorkspace } from '../session.js';
import { goInstead, takeFlash, takeWanted, wsHash } from '../nav.js';
import { errorAlert, screenHead, show, textField } from '../ui.js';

export function render(view) {
  const flash = takeFlash();
  const alert = h('div', { class: 'form-alert' });
  const token = textField({
    name: 'token', label: 'Token', type: 'password',
    hint: 'A workspace token (hlw_…) for one workspace, or the admin token for all of them.',
  });
  const workspace = textField({
    name: 'workspace', label: 'Workspace (optional)',
    hint: 'Leave empty: a workspace token opens its own workspace, the admin token the list of workspaces.',
  });
  const reveal = h('input', { type: 'checkbox', id: 'show-token' });
  reveal.addEventListener('change', () => { token.input.type = reveal.checked ? 'text' : 'password'; });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in');
  const form = h('form', { class: 'panel narrow', 'aria-label': 'Sign in', novalidate: true },
    token.el,
    h('div', { class: 'field' }, h('label', { class: 'inline-check', for: 'show-token' }, reveal, 'Show the token')),
    workspace.el,
    alert,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', event => {
    event.preventDefault();
    signIn(token, workspace, alert, submit);
  });
  append(view, [
    screenHead('Sign in to the Hookline console', {
      lead: 'The token stays in this browser tab only (session storage). It is sent to this Hookline as an '
        + 'Authorization header and never appears in a URL.',
    }),
    flash ? h('div', { class: 'alert info', role: 'status' }, flash) : null,
    form]);
  token.input.focus();
}

async function signIn(token, workspace, alert, submit) {
  show(alert);
  token.setError('');
  const value = token.value();
  if (!value) {
    token.setError('Paste a token first.');
    token.input.focus();
    return;
  }
  submit.disabled = true;
  try {
    const me = await api('GET', '/v1/me', undefined, { token: value });
    const ws = workspace.value() || (me.admin ? null : me.workspace_id);
    if (ws) await api('GET', wsPath(ws), undefined, { token: value });
    session.signIn(value, me);
    if (ws && me.admin) rememberWorkspace(ws);
    // in place of the sign-in screen: Back from here must not land on it, which would end this session
    goInstead(landing(workspace.value(), me) || (ws ? wsHash(ws, 'webhooks') : '#/workspaces'));
  } catch (error) {
    const lead = error.status === 401 ? 'Not signed in.'
      : workspace.value() ? `Workspace '${workspace.value()}' cannot be opened with this token.` : 'Not signed in.';
    show(alert, errorAlert(error, lead));
    (error.status === 401 ? token : workspace).input.focus();
  } finally {
    submit.disabled = false;
  }
}

/**
 * The screen a link asked for before sign-in, if this sign-in may open it: not when a workspace was typed (that
 * choice wins), and for a workspace token only inside its own workspace.
 */
function landing(typedWorkspace, me) {
  const wanted = takeWanted();
  if (!wanted || typedWorkspace) return null;
  const ws = /^#\/ws\/([^/]+)/.exec(wanted);
  if (!me.admin && (!ws || decodeURIComponent(ws[1]) !== me.workspace_id)) return null;
  return wanted;
}
