// Builds DOM nodes directly, never by parsing HTML strings, so text from the API (URLs, response bodies, messages) is never parsed as
// markup. Attributes named "style" are never used: the Content-Security-Policy forbids inline styles.

/** h('button', {class: 'primary', onclick: fn}, 'Save') */
export function h(tag, props, ...children) {
  const el = tag === 'svg' || SVG_TAGS.has(tag)
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (typeof value === 'boolean' && key in el) el[key] = value;
    else if (key === 'class') el.setAttribute('class', value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

const SVG_TAGS = new Set(['g', 'rect', 'line', 'path', 'text', 'title', 'desc', 'circle', 'polyline']);

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A stable id for label/aria wiring. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Announces a short message to screen readers (and keeps it for tests to read). */
export function announce(message) {
  const live = document.getElementById('live');
  live.textContent = '';
  // a fresh text node so repeated identical messages are announced again
  setTimeout(() => { live.textContent = message; }, 30);
}

/**
 * Puts the keyboard focus on the first candidate (an element or a selector) that is on the page. A control that
 * vanished with a redraw (a refreshed table, a finished job) would otherwise leave the focus on <body>, and a keyboard
 * user back at the top of the page.
 */
export function refocus(...candidates) {
  for (const candidate of candidates) {
    const el = typeof candidate === 'string' ? document.querySelector(candidate) : candidate;
    if (el && el.isConnected && !el.disabled) {
      el.focus();
      return;
    }
  }
}
