// Moving between screens, and a one-time message for the next one (e.g. why the session ended).

let flash = null;
let wanted = null;
let unsaved = null;

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/**
 * Like go(), but the screen takes the current one's place in the history: Back skips what it replaces. The entry keeps
 * its state (its place, see app.js).
 */
export function goInstead(hash) {
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function setFlash(message) {
  flash = message;
}

export function takeFlash() {
  const message = flash;
  flash = null;
  return message;
}

/** A screen asked for before signing in (e.g. a link in a notification mail), to open once signed in. */
export function setWanted(hash) {
  wanted = hash;
}

export function takeWanted() {
  const hash = wanted;
  wanted = null;
  return hash;
}

/** The screen hash of a workspace, e.g. wsHash('acme', 'webhooks', id). */
export function wsHash(ws, ...segments) {
  return ['#/ws', ws, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/**
 * A screen with input that is not saved yet: unsavedSince() is true while leaving would lose it. Another screen
 * replacing this one asks first; each new screen starts without a guard.
 */
export function guardLeaving(unsavedSince) {
  unsaved = unsavedSince;
}

/** Whether the current screen may go: nothing unsaved, or the user agrees to drop it. Signing out always may. */
export function mayLeave(hash) {
  if (!unsaved || hash === '#/signin' || !unsaved()) return true;
  return window.confirm('Leave this page? Your changes to the webhook are not saved.');
}

/** For the browser's own "Leave site?" on a reload or a closed tab. */
export function hasUnsaved() {
  return Boolean(unsaved && unsaved());
}
