/**
 * The page's only way to the cluster: the public API of the server that served it, with the same
 * authentication as any client. Requests are `fetch` with `Authorization: Bearer <token>`; watches
 * are WebSockets (`?watch=1`, kube's WebSocket watch: one JSON watch event per message), the token
 * passed as kube's `base64url.bearer.authorization.k8s.io.<token>` subprotocol (browsers cannot set
 * headers on a WebSocket) beside `watch.miniplane.dev`, the one the server echoes. WebSockets, not
 * chunked fetches: a browser opens at most 6 HTTP/1.1 connections per host, fewer than the page's
 * watches.
 *
 * Contract: `request` resolves with the decoded JSON body of a 2xx answer and rejects with an
 * `ApiRequestError` carrying the HTTP code and kube's Status message otherwise. `watch` calls
 * `onEvent` per event in order and `onClose` once when the socket ends (either side); the
 * function it returns closes it (no onClose after that).
 * Upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/websocket/protocol.go
 */
import { currentToken } from './token.js';
import type { KubeObject } from '../model/kube.js';

export class ApiRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string; reason?: string };
}

export const watchSubprotocol = 'watch.miniplane.dev';
const bearerProtocolPrefix = 'base64url.bearer.authorization.k8s.io.';

/** base64url without padding of the token's UTF-8 bytes (Go's RawURLEncoding). */
export function base64Url(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function request<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await fetch(path, { method, headers, credentials: 'omit', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let decoded: unknown;
  try {
    decoded = text ? JSON.parse(text) : undefined;
  } catch {
    decoded = undefined;
  }
  if (!res.ok) {
    const status = decoded as { message?: string; reason?: string } | undefined;
    throw new ApiRequestError(res.status, status?.message ?? (text || res.statusText), status?.reason);
  }
  return decoded as T;
}

export interface WatchHandlers {
  onEvent(e: WatchEvent): void;
  onClose(): void;
}

export function watch(path: string, query: Record<string, string>, h: WatchHandlers): () => void {
  const params = new URLSearchParams({ ...query, watch: '1' });
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}?${params}`;
  const token = currentToken();
  const ws = token ? new WebSocket(url, [`${bearerProtocolPrefix}${base64Url(token)}`, watchSubprotocol]) : new WebSocket(url);
  let open = true;
  ws.onmessage = (m) => {
    if (!open || typeof m.data !== 'string') return;
    h.onEvent(JSON.parse(m.data) as WatchEvent);
  };
  ws.onclose = () => {
    if (!open) return;
    open = false;
    h.onClose();
  };
  return () => {
    open = false;
    ws.close();
  };
}
