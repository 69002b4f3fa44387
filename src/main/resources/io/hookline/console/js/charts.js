// Hand-written SVG charts of GET …/stats (one row per hour): attempts and failures as stacked bars, p50/p95 latency
// as lines. No chart library: a few shapes, sized to the container's width so labels stay readable on a phone.
import { h } from './dom.js';
import { hourLabel } from './format.js';

const HEIGHT = 190;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };

/** Draws both charts and a table of the same numbers into container; redraws when its width changes. */
export function drawCharts(container, rows) {
  const draw = () => {
    const width = Math.max(280, Math.floor(container.clientWidth || 640));
    container.replaceChildren(
      attemptsChart(rows, width),
      latencyChart(rows, width),
      numbersTable(rows));
  };
  draw();
  let lastWidth = container.clientWidth;
  const observer = new ResizeObserver(() => {
    if (Math.abs(container.clientWidth - lastWidth) > 8) {
      lastWidth = container.clientWidth;
      draw();
    }
  });
  observer.observe(container);
  return () => observer.disconnect();
}

function attemptsChart(rows, width) {
  const total = sum(rows, 'attempts');
  const failed = sum(rows, 'failures');
  const max = niceMax(Math.max(...rows.map(r => r.attempts)));
  const frame = new Frame(rows.length, width, max);
  const bars = rows.flatMap((r, i) => {
    if (r.attempts === 0) return [];
    const tip = `${hourLabel(r.at)}: ${r.attempts} attempts, ${r.failures} failed`;
    const bar = (cls, top, bottom) => h('rect', { class: cls, x: frame.barX(i), width: frame.barWidth,
      y: frame.y(top).toFixed(1), height: (frame.y(bottom) - frame.y(top)).toFixed(1) }, h('title', {}, tip));
    return [
      r.attempts > r.failures ? bar('bar-ok', r.attempts, r.failures) : null,
      r.failures > 0 ? bar('bar-failed', r.failures, 0) : null,
    ];
  });
  const label = `Attempts per hour over the last ${rows.length} hours: ${total} attempts, ${failed} failed.`;
  return figure('Attempts and failures per hour', label, frame.svg(label, rows, bars, total === 0),
    [['k-ok', 'Succeeded'], ['k-failed', 'Failed']], 'chart-attempts');
}

function latencyChart(rows, width) {
  const active = rows.filter(r => r.attempts > 0);
  const max = niceMax(Math.max(0, ...active.map(r => r.p95_ms)));
  const frame = new Frame(rows.length, width, max, ' ms');
  const line = key => {
    let d = '';
    let open = false;
    rows.forEach((r, i) => {
      if (r.attempts === 0) { open = false; return; }
      d += `${open ? 'L' : 'M'}${frame.centerX(i).toFixed(1)},${frame.y(r[key]).toFixed(1)}`;
      open = true;
    });
    return d;
  };
  const dots = key => active.map(r => {
    const i = rows.indexOf(r);
    return h('circle', { class: `dot-${key}`, cx: frame.centerX(i).toFixed(1), cy: frame.y(r[`${key}_ms`]).toFixed(1), r: 2.6 },
      h('title', {}, `${hourLabel(r.at)}: ${key} ${r[`${key}_ms`]} ms`));
  });
  const shapes = active.length === 0 ? [] : [
    h('path', { class: 'line-p95', d: line('p95_ms') }), h('path', { class: 'line-p50', d: line('p50_ms') }),
    dots('p95'), dots('p50')];
  const worst = active.length ? Math.max(...active.map(r => r.p95_ms)) : 0;
  const label = active.length
    ? `Latency per hour over the last ${rows.length} hours; the slowest hour's p95 was ${worst} ms.`
    : `No attempts in the last ${rows.length} hours, so no latency.`;
  return figure('Latency per hour (p50 and p95)', label, frame.svg(label, rows, shapes, active.length === 0),
    [['k-p50', 'p50 (median)'], ['k-p95', 'p95']], 'chart-latency');
}

function figure(title, label, svg, legend, id) {
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title),
    svg,
    h('div', { class: 'legend' }, legend.map(([cls, text]) => h('span', { class: cls }, text))),
    h('p', { class: 'visually-hidden' }, label));
}

/** Scales and axes of one chart: hours along x, 0..max along y. */
class Frame {
  constructor(count, width, max, unit = '') {
    Object.assign(this, { count, width, max, unit });
    this.plotWidth = width - PAD.left - PAD.right;
    this.band = this.plotWidth / count;
    this.barWidth = Math.max(1, this.band * 0.72).toFixed(1);
  }

  x(i) { return PAD.left + i * this.band; }

  barX(i) { return (this.x(i) + (this.band - this.barWidth) / 2).toFixed(1); }

  centerX(i) { return this.x(i) + this.band / 2; }

  y(value) { return PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - value / this.max); }

  svg(label, rows, shapes, empty) {
    // counts get whole-number ticks only; milliseconds may be fractional
    const ticks = [0, this.max / 2, this.max].filter(t => Number.isInteger(t) || this.unit);
    const every = Math.max(1, Math.ceil(rows.length / Math.max(1, Math.floor(this.plotWidth / 52))));
    return h('svg', { viewBox: `0 0 ${this.width} ${HEIGHT}`, width: this.width, height: HEIGHT, role: 'img', 'aria-label': label },
      ticks.map(t => [
        h('line', { class: t === 0 ? 'axis' : 'grid', x1: PAD.left, x2: this.width - PAD.right, y1: this.y(t), y2: this.y(t) }),
        h('text', { x: PAD.left - 6, y: this.y(t) + 4, 'text-anchor': 'end' }, `${formatTick(t)}${t === this.max ? this.unit : ''}`),
      ]),
      rows.map((r, i) => ((rows.length - 1 - i) % every === 0
        ? h('text', { x: this.centerX(i).toFixed(1), y: HEIGHT - 8, 'text-anchor': 'middle' }, hourLabel(r.at)) : null)),
      shapes,
      empty ? h('text', { x: PAD.left + this.plotWidth / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty-note' },
        'No attempts in this period') : null);
  }
}

function numbersTable(rows) {
  return h('details', { class: 'numbers' },
    h('summary', {}, 'Show the numbers'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'stats-table' },
      h('thead', {}, h('tr', {}, ['Hour', 'Attempts', 'Failures', 'p50', 'p95'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map(r => h('tr', {},
        h('td', {}, h('time', { datetime: r.at, title: r.at }, hourLabel(r.at))),
        h('td', { class: 'num' }, String(r.attempts)), h('td', { class: 'num' }, String(r.failures)),
        h('td', { class: 'num' }, r.attempts ? `${r.p50_ms} ms` : '—'),
        h('td', { class: 'num' }, r.attempts ? `${r.p95_ms} ms` : '—')))))));
}

function sum(rows, key) {
  return rows.reduce((total, r) => total + r[key], 0);
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  if (value <= 4) return Math.ceil(value) === value ? Math.max(2, value) : Math.ceil(value);
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= value) return m * power;
  }
  return value;
}

function formatTick(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
