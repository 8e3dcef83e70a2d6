/**
 * A WebSocket's bearer token in kube's subprotocol form, for clients that cannot set headers on
 * a WebSocket (browsers, e.g. the live view): `Sec-WebSocket-Protocol:
 * base64url.bearer.authorization.k8s.io.<base64url, no padding, of the token>, <another>`.
 *
 * Contract (`bearerProtocol`, pure): no bearer protocol: `{}`. One: its token and the other
 * protocols (`rest`, which the server chooses from, so the token is never echoed back). Errors,
 * with kube's texts (each answered 401 Unauthorized): two bearer protocols; bad base64url; not
 * UTF-8; a token without another subprotocol (there must be one to echo).
 * `isBearerProtocol` tells the protocols the server must never choose.
 * Upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/websocket/protocol.go
 */

export const bearerProtocolPrefix = 'base64url.bearer.authorization.k8s.io.';

export function isBearerProtocol(p: string): boolean {
  return p.startsWith(bearerProtocolPrefix);
}

export function bearerProtocol(header: string | string[] | undefined): { token?: string; rest?: string[] } | { error: string } {
  const protocols = (Array.isArray(header) ? header : header === undefined ? [] : [header]).flatMap((h) => h.split(',')).map((p) => p.trim());
  let token: string | undefined;
  const rest: string[] = [];
  for (const p of protocols) {
    if (!isBearerProtocol(p)) {
      rest.push(p);
      continue;
    }
    if (token !== undefined) return { error: 'multiple base64.bearer.authorization tokens specified' };
    const encoded = p.slice(bearerProtocolPrefix.length);
    if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) return { error: 'invalid base64.bearer.authorization token encoding' };
    const bytes = Buffer.from(encoded, 'base64url');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (!Buffer.from(text, 'utf8').equals(bytes)) return { error: 'invalid base64.bearer.authorization token' };
    token = text;
  }
  if (token && rest.length === 0) return { error: 'missing additional subprotocol' };
  return token ? { token, rest } : {};
}
