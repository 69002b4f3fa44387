// A list the API pages with next_cursor: the newest page first, then an "Older" button that adds the next page
// below, until there is none.
import { h } from './dom.js';
import { api } from './api.js';
import { errorAlert, show } from './ui.js';

/**
 * Fills `slot` with draw(rows) for the first page of `path`, and a button labelled `older` while more pages exist.
 * A failed first page shows its error (unless firstPageFailed(error) returns true: it showed something else); a
 * failed later page keeps the rows and offers the button again. The button is replaced by each page: the keyboard
 * focus goes to the new button, or, after the last page, to the first row it added.
 */
export function pagedList(slot, path, limit, draw, older, { firstPageFailed } = {}) {
  const rows = [];
  let cursor = null;
  const more = async button => {
    if (button) button.disabled = true;
    const before = rows.length;
    let failure = null;
    try {
      const page = await api('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      rows.push(...page.data);
      cursor = page.next_cursor || null;
    } catch (error) {
      if (!button) {
        if (!(firstPageFailed && firstPageFailed(error))) show(slot, errorAlert(error));
        return;
      }
      failure = errorAlert(error);
    }
    const next = cursor
      ? h('button', { type: 'button', class: 'older', onclick: e => more(e.currentTarget) }, older) : null;
    show(slot, draw(rows), failure, next);
    if (button) keepFocus(slot, next, before);
  };
  return more(null);
}

/** The clicked button was replaced: focus its successor, else the first added row (focusable by script only). */
function keepFocus(slot, next, firstNew) {
  if (next) {
    next.focus();
    return;
  }
  const row = slot.querySelectorAll('tbody tr')[firstNew];
  if (row) {
    row.tabIndex = -1;
    row.focus();
  }
}
