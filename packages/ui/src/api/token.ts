/**
 * The bearer token the page sends, when the server asks for one (`miniplane up --tls`).
 *
 * Contract: the token lives in this tab's sessionStorage only (gone when the tab closes, never in
 * a cookie, so no other site can make the browser send it). `/ui#token=...` hands one over: the
 * fragment never reaches the server (browsers do not send it), and `takeTokenFromUrl` removes it
 * from the address bar and the history entry at once, so it is not left in bookmarks or history.
 */

const key = 'miniplane.token';

/** Moves a `#token=...` fragment of the page's URL into sessionStorage; call once at load. */
export function takeTokenFromUrl(): void {
  const m = /^#token=([^&]*)/.exec(location.hash);
  if (!m) return;
  saveToken(decodeURIComponent(m[1]!));
  history.replaceState(null, '', location.pathname + location.search);
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(key) || undefined;
}

export function saveToken(token: string): void {
  if (token) sessionStorage.setItem(key, token);
  else sessionStorage.removeItem(key);
}

export function clearToken(): void {
  sessionStorage.removeItem(key);
}
