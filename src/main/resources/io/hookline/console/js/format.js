// Display formats shared by the screens. Times show in the browser's zone; the title keeps the API's UTC value.
import { h } from './dom.js';
import { parseJson } from './json.js';

const pad = n => String(n).padStart(2, '0');

/**
 * An event type as code that wraps only after a colon ("message:received:" / "new"), never inside a word: a narrow
 * column (a phone, the facts grid) otherwise breaks it anywhere, as in "message:received:n" / "ew".
 */
export function eventType(type) {
  const parts = String(type).split(':');
  return h('code', { class: 'event-type' },
    parts.flatMap((part, i) => (i < parts.length - 1 ? [`${part}:`, h('wbr')] : [part])));
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)}`);
}

/** "22:00:05": the local time of day as every time on the console shows it, whatever the browser's locale. */
export function clock(d) {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// the local start of an hour bucket; in a time zone offset by a half or quarter hour that is not on the hour
export function hourLabel(iso) {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  const value = rate * 100;
  return `${value === 0 || value === 100 ? value.toFixed(0) : value.toFixed(1)} %`;
}

export function ms(value) {
  return value === null || value === undefined ? '—' : `${value} ms`;
}

/** A badge for an attempt's outcome: "200", "HTTP 500", "timeout after 5000 ms"… */
export function outcome(success, statusCode, error) {
  const text = statusCode ? String(statusCode) : (error || 'failed');
  return h('span', { class: `badge ${success ? 'ok' : 'bad'}`, title: error || '' },
    success ? `✓ ${text}` : `✕ ${text}`);
}

export function lastResponse(last) {
  if (!last) return h('span', { class: 'muted' }, 'never sent');
  const ok = last.status_code >= 200 && last.status_code < 300 && !last.error;
  return h('span', {}, outcome(ok, last.status_code, last.error), ' ', h('span', { class: 'small muted' }, time(last.at)));
}

export function prettyJson(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(parseJson(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}
