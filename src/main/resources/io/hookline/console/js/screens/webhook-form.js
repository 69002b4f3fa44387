// Create or edit a webhook: "Webhook enabled", "Events", "Webhook URL", "Save" and "Save and test", as on the
// legacy screen, plus the subscription's filter and reaction window. An edit sends only the fields that changed
// (a PATCH with enabled: true would reset the counter).
import { h, announce, refocus } from '../dom.js';
import { api, wsPath } from '../api.js';
import { go, guardLeaving, wsHash } from '../nav.js';
import { copy } from '../clipboard.js';
import { webhookFields, widget } from '../webhook-fields.js';
import { filterWarning } from '../filter-reach.js';
import { testResult } from '../test-result.js';
import { errorAlert, fieldErrors, loading, okAlert, screenHead, show } from '../ui.js';

export function render(view, { ws, id }) {
  const body = h('div', {}, loading());
  view.append(screenHead(id ? 'Edit webhook' : 'New webhook', { crumbs: crumbs(ws, id) }), body);
  load(ws, id, body);
}

function crumbs(ws, id) {
  return [h('a', { href: wsHash(ws, 'webhooks') }, 'Webhooks'), id ? [' › ', h('a', { href: wsHash(ws, 'webhooks', id) }, 'Webhook')] : null];
}

/** Once created, the new webhook's form is its edit form (its address already says so): the heading follows. */
function nowEditing(form, ws, id) {
  const head = form.closest('.view')?.querySelector('.screen-head');
  if (!head) return;
  head.querySelector('h1').textContent = 'Edit webhook';
  show(head.querySelector('.crumbs'), crumbs(ws, id));
}

async function load(ws, id, body) {
  try {
    const [catalogue, webhook] = await Promise.all([
      api('GET', '/v1/event-types').then(r => r.data),
      id ? api('GET', wsPath(ws, 'webhooks', id)) : Promise.resolve(null),
    ]);
    if (!body.isConnected) return; // left before it loaded: its guard must not replace the next screen's
    show(body, form(ws, catalogue, webhook));
  } catch (error) {
    show(body, errorAlert(error));
  }
}

function form(ws, catalogue, webhook) {
  const state = { webhook };
  const fields = {};
  for (const field of webhookFields(catalogue)) {
    fields[field.name] = Object.assign(widget(field), { field });
    fields[field.name].write(webhook ? webhook[field.name] : field.initial);
  }
  const alert = h('div', { class: 'form-alert' });
  const after = h('div', { class: 'after-save' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'save' }, 'Save');
  const saveAndTest = h('button', { type: 'button', id: 'save-and-test' }, 'Save and test');
  const reach = h('div', { class: 'filter-reach', 'aria-live': 'polite' });
  // hidden until there is a webhook to delete: a create turns this form into the new webhook's edit form
  const del = h('button', { type: 'button', class: 'danger', hidden: !webhook, onclick: () => remove(ws, state.webhook, alert) }, 'Delete webhook');
  const el = h('form', { class: 'panel webhook-form', novalidate: true, 'aria-label': 'Webhook' },
    Object.values(fields).map(f => (f === fields.filter ? [f.el, reach] : f.el)), alert,
    h('div', { class: 'actions' }, save, saveAndTest, del));
  // what the form held when it was filled in or last saved: leaving with anything else asks first
  const entered = () => JSON.stringify(Object.values(fields).map(f => canonical(f.read())));
  let saved = entered();
  guardLeaving(() => el.isConnected && entered() !== saved);
  const submit = async withTest => {
    const pressed = document.activeElement;
    const sending = entered(); // what this save stores: typing while it runs is a change of its own (review)
    save.disabled = saveAndTest.disabled = true; // Chromium moves the focus of a disabled button to <body>
    try {
      await saveThenMaybeTest(ws, state, fields, { alert, after, withTest, onSaved: () => { saved = sending; } });
    } finally {
      save.disabled = saveAndTest.disabled = false;
      del.hidden = !state.webhook;
      if (document.activeElement === document.body) refocus(pressed);
    }
  };
  const warn = () => {
    const warning = filterWarning(fields.event_types.read(), fields.filter.read());
    if ((warning ? warning.textContent : '') !== reach.textContent) show(reach, warning);
  };
  el.addEventListener('change', warn);
  el.addEventListener('input', warn);
  warn();
  el.addEventListener('submit', event => { event.preventDefault(); submit(false); });
  saveAndTest.addEventListener('click', () => submit(true));
  return h('div', {}, el, after);
}

/** The request body: every field for a create, only what differs from the stored webhook for an edit. */
function changes(fields, webhook) {
  const body = {};
  for (const [name, f] of Object.entries(fields)) {
    const value = f.read();
    if (!webhook || canonical(value) !== canonical(webhook[name])) body[name] = value;
  }
  return body;
}

/** JSON with sorted keys and {} as null, so a filter the API stored in another key order is not a change. */
function canonical(value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value).sort();
    return keys.length === 0 ? 'null' : `{${keys.map(k => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

async function saveThenMaybeTest(ws, state, fields, { alert, after, withTest, onSaved }) {
  show(alert);
  show(after);
  Object.values(fields).forEach(f => f.setError(''));
  const creating = !state.webhook;
  const body = changes(fields, state.webhook);
  try {
    if (creating) state.webhook = await api('POST', wsPath(ws, 'webhooks'), body);
    else if (Object.keys(body).length > 0) state.webhook = await api('PATCH', wsPath(ws, 'webhooks', state.webhook.id), body);
  } catch (error) {
    fieldErrors(fields, error, alert, creating ? 'The webhook was not created.' : 'The changes were not saved.');
    return;
  }
  onSaved();
  const saved = state.webhook;
  if (creating) {
    history.replaceState(history.state, '', wsHash(ws, 'webhooks', saved.id, 'edit')); // keeps its place (app.js)
    nowEditing(alert, ws, saved.id);
  }
  show(alert, savedNotice(ws, saved, creating, Object.keys(body).length > 0));
  announce(creating ? 'Webhook created.' : 'Webhook saved.');
  if (withTest) await runTest(ws, saved, after);
}

function savedNotice(ws, webhook, created, changed) {
  return okAlert(
    h('p', {}, h('strong', {}, created ? 'Webhook created.' : changed ? 'Webhook saved.' : 'Nothing changed.'), ' ',
      h('a', { href: wsHash(ws, 'webhooks', webhook.id) }, 'Open its page'), ' · ',
      h('a', { href: wsHash(ws, 'webhooks') }, 'Back to the list')),
    created && webhook.secret ? h('p', { class: 'secret-box' }, 'Signing secret: ', h('code', { id: 'created-secret' }, webhook.secret),
      h('button', { type: 'button', onclick: () => copy(webhook.secret, 'The secret') }, 'Copy'),
      h('span', { class: 'small' }, 'You can reveal it again on the webhook\'s page.')) : null);
}

async function runTest(ws, webhook, slot) {
  show(slot, loading('Sending a test event…'));
  try {
    const attempt = await api('POST', wsPath(ws, 'webhooks', webhook.id, 'test'));
    show(slot, testResult(attempt));
  } catch (error) {
    show(slot, h('section', { class: 'panel test-result', id: 'test-result' },
      h('h2', { tabindex: '-1' }, 'Test result'), errorAlert(error, 'No test was sent.')));
  }
  slot.querySelector('h2').focus();
}

async function remove(ws, webhook, alert) {
  if (!window.confirm(`Delete the webhook to ${webhook.url}? Its settings and secret are gone for good.`)) return;
  try {
    await api('DELETE', wsPath(ws, 'webhooks', webhook.id));
    guardLeaving(null); // its settings are gone: nothing is left to save
    go(wsHash(ws, 'webhooks'));
  } catch (error) {
    show(alert, errorAlert(error));
  }
}
