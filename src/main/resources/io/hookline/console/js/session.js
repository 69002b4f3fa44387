// The signed-in token and what it may do. Kept in sessionStorage only: it survives a reload of this tab, is gone
// when the tab closes, and is never put in a URL, a cookie or a log line.

const KEY = 'hookline.console';

export const session = {
  token: null,
  me: null, // GET /v1/me: {admin, actor, workspace_id, limits}

  load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      if (saved && saved.token && saved.me) Object.assign(this, saved);
    } catch {
      sessionStorage.removeItem(KEY);
    }
  },

  signIn(token, me) {
    this.token = token;
    this.me = me;
    sessionStorage.setItem(KEY, JSON.stringify({ token, me }));
  },

  signOut() {
    this.token = null;
    this.me = null;
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(RECENT);
  },

  get signedIn() {
    return Boolean(this.token);
  },

  get isAdmin() {
    return Boolean(this.me && this.me.admin);
  },

  /** Where a fresh sign-in lands. */
  get home() {
    return this.isAdmin ? '#/workspaces' : `#/ws/${encodeURIComponent(this.me.workspace_id)}/webhooks`;
  },

  get webhookLimit() {
    return (this.me && this.me.limits && this.me.limits.webhooks_per_workspace) || 10;
  },
};

// Workspaces the admin opened in this tab, for the picker while the API has no workspace list.
const RECENT = 'hookline.console.recent';

export function rememberWorkspace(id) {
  const list = recentWorkspaces().filter(w => w !== id);
  list.unshift(id);
  sessionStorage.setItem(RECENT, JSON.stringify(list.slice(0, 12)));
}

export function recentWorkspaces() {
  try {
    return JSON.parse(sessionStorage.getItem(RECENT) || '[]');
  } catch {
    return [];
  }
}
