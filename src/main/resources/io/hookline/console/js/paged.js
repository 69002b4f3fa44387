// A list the API pages with next_cursor: the newest page first, then an "Older" button that adds the next page
// below, until there is none.
import { h } from './dom.js';
import { api } from './api.js';
import { errorAlert, show } from './ui.js';

/**
 * Fills `slot` with draw(rows) for the first page of `path`, and a button labelled `older` while more pages exist.
 * A failed first page shows its error; a failed later page keeps the rows and offers the button again.
 */
export function pagedList(slot, path, limit, draw, older) {
  const rows = [];
  let cursor = null;
  const more = async button => {
    if (button) button.disabled = true;
    let failure = null;
    try {
      const page = await api('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      rows.push(...page.data);
      cursor = page.next_cursor || null;
    } catch (error) {
      if (!button) {
        show(slot, errorAlert(error));
        return;
      }
      failure = errorAlert(error);
    }
    const next = cursor
      ? h('button', { type: 'button', class: 'older', onclick: e => more(e.currentTarget) }, older) : null;
    show(slot, draw(rows), failure, next);
    // the clicked button was replaced: keep the keyboard where it was
    if (button && next) next.focus();
  };
  return more(null);
}
