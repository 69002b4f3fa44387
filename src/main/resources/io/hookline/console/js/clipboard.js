// Copy to the clipboard, with a fallback for browsers that refuse the async API (e.g. plain http on another host).
import { announce } from './dom.js';

export async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  announce(`${what} was copied to the clipboard.`);
}
