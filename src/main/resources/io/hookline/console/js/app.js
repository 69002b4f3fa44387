// The console's shell: hash routes (ids only, never the token), the top bar, sign-out on a revoked token.
import { h, append } from './dom.js';
import { session } from './session.js';
import { whenUnauthorized } from './api.js';
import { go, goInstead, guardLeaving, hasUnsaved, mayLeave, setFlash, setWanted } from './nav.js';
import * as signin from './screens/signin.js';
import * as workspaces from './screens/workspaces.js';
import * as tokens from './screens/tokens.js';
import * as webhooks from './screens/webhooks.js';
import * as webhookForm from './screens/webhook-form.js';
import * as webhookDetail from './screens/webhook-detail.js';
import * as events from './screens/events.js';
import * as audit from './screens/audit.js';
import * as notifications from './screens/notifications.js';

const ROUTES = [
  { pattern: /^#\/signin$/, screen: signin, open: true },
  { pattern: /^#\/workspaces$/, screen: workspaces },
  { pattern: /^#\/ws\/([^/]+)\/webhooks$/, screen: webhooks, keys: ['ws'] },
  { pattern: /^#\/ws\/([^/]+)\/webhooks\/new$/, screen: webhookForm, keys: ['ws'] },
  { pattern: /^#\/ws\/([^/]+)\/webhooks\/([^/]+)\/edit$/, screen: webhookForm, keys: ['ws', 'id'] },
  { pattern: /^#\/ws\/([^/]+)\/webhooks\/([^/]+)$/, screen: webhookDetail, keys: ['ws', 'id'] },
  { pattern: /^#\/ws\/([^/]+)\/events$/, screen: events, keys: ['ws'] },
  { pattern: /^#\/ws\/([^/]+)\/audit$/, screen: audit, keys: ['ws'] },
  { pattern: /^#\/ws\/([^/]+)\/notifications$/, screen: notifications, keys: ['ws'] },
  { pattern: /^#\/ws\/([^/]+)\/tokens$/, screen: tokens, keys: ['ws'] },
];

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

function match(hash) {
  for (const r of ROUTES) {
    const m = r.pattern.exec(hash);
    if (m) {
      const params = {};
      try {
        (r.keys || []).forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      } catch (malformed) {
        return null; // a broken %-escape in a typed or pasted link: treated as an unknown route, never a blank page
      }
      return { route: r, params };
    }
  }
  return null;
}

function route() {
  if (cleanup) cleanup();
  cleanup = null;
  guardLeaving(null);
  document.getElementById('live').textContent = ''; // what was announced about the last screen is not about this one
  // a dialog belongs to the screen that opened it: it must not stay over the next one, or over the sign-in screen
  document.querySelectorAll('dialog').forEach(dialog => dialog.close());
  const found = match(location.hash);
  if (!session.signedIn && !(found && found.route.open)) {
    if (found) setWanted(location.hash);
    goInstead('#/signin');
    return;
  }
  if (!found) {
    goInstead(session.signedIn ? session.home : '#/signin');
    return;
  }
  // the sign-in screen always starts a new session: a second token never mixes with the first
  if (found.route.screen === signin) session.signOut();
  topbar(found.params.ws, location.hash);
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  cleanup = found.route.screen.render(view, found.params) || null;
  if (!firstRender) {
    const heading = view.querySelector('h1');
    if (heading) heading.focus();
  }
  firstRender = false;
}

function topbar(ws, hash) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session.signedIn) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const links = [];
  if (ws) {
    const base = `#/ws/${encodeURIComponent(ws)}`;
    links.push(['Webhooks', `${base}/webhooks`], ['Event lookup', `${base}/events`], ['Audit log', `${base}/audit`],
      ['Notifications', `${base}/notifications`]);
    if (session.isAdmin) links.push(['Tokens', `${base}/tokens`]);
  }
  if (session.isAdmin) links.push(['Workspaces', '#/workspaces']);
  nav.replaceChildren(h('ul', {}, links.map(([label, href]) => h('li', {},
    h('a', { href, 'aria-current': hash === href || (hash.startsWith(`${href}/`) && label === 'Webhooks') ? 'page' : null },
      label)))));
  who.replaceChildren();
  append(who, [
    ws ? h('span', { class: 'badge', title: 'Workspace' }, `Workspace: ${ws}`) : null,
    h('span', { class: 'small' }, session.isAdmin ? 'Admin' : `Token: ${session.me.actor}`),
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out')]);
}

function signOut() {
  session.signOut();
  go('#/signin');
}

whenUnauthorized(error => {
  session.signOut();
  setFlash(`Your token is no longer accepted (401): ${error.message} Sign in again.`);
  go('#/signin');
});

document.getElementById('skip-link').addEventListener('click', event => {
  event.preventDefault();
  main.focus();
});

session.load();
// Every history entry of the console carries its place in the tab's history, so a leave the user declines (unsaved
// edits) is undone by moving back to the entry still shown, whether a link, Back or Forward left it (review: rewriting
// the address instead overwrote the entry Back had reached).
const placeOf = state => (state && Number.isInteger(state.place) ? state.place : null);
let place = placeOf(history.state) ?? 0;
history.replaceState({ ...(history.state || {}), place }, '');
let returningTo = null;
window.addEventListener('hashchange', () => {
  const entered = placeOf(history.state);
  if (returningTo !== null && entered === returningTo) { // back where the user chose to stay: nothing to draw
    returningTo = null;
    return;
  }
  returningTo = null;
  if (entered !== place && !mayLeave(location.hash)) {
    returningTo = place;
    history.go(entered === null ? -1 : place - entered);
    return;
  }
  if (entered === null) history.replaceState({ place: place + 1 }, ''); // a new entry: the next place
  place = entered ?? place + 1;
  route();
});
window.addEventListener('beforeunload', event => {
  if (hasUnsaved()) event.preventDefault();
});
document.getElementById('loading')?.remove();
route();
