// The public management API, called with the signed-in bearer token. No cookies are sent or accepted.
import { parseJson } from './json.js';
import { session } from './session.js';

/** An API error (JSON error body): {status, code, message, details: [{field, message}]}. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

let onUnauthorized = () => {};

/** What to do when a signed-in call gets 401 (the token was revoked or the admin token changed). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

async function send(method, path, body, token) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network_error', 'Hookline did not answer. Is it still running?', []);
  }
}

async function failure(response) {
  let error = {};
  try {
    error = (await response.json()).error || {};
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, error.code || `http_${response.status}`,
    error.message || `Hookline answered ${response.status}.`, error.details);
}

/** Calls the API; resolves with the JSON body (null for 204), rejects with an ApiError. */
export async function api(method, path, body, { token = session.token } = {}) {
  const response = await send(method, path, body, token);
  if (!response.ok) {
    const error = await failure(response);
    if (error.status === 401 && token === session.token && session.signedIn) onUnauthorized(error);
    throw error;
  }
  return response.status === 204 ? null : parseJson(await response.text());
}

/**
 * Saves what a GET answers as a file. The token goes in the Authorization header, never in the URL, so the file is
 * fetched by script and handed to the browser as a Blob.
 */
export async function download(path, fallbackName) {
  const response = await send('GET', path, undefined, session.token);
  if (!response.ok) throw await failure(response);
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = match ? match[1] : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return link.download;
}

/** /v1/workspaces/{ws}/... with every segment escaped. */
export function wsPath(ws, ...segments) {
  return ['/v1/workspaces', ws, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}
