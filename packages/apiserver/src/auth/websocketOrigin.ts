/**
 * Cross-site WebSocket refusal. A browser sends `Origin` with every WebSocket handshake, and no
 * CORS rule stops a page from any site opening `ws://127.0.0.1:8080/api/v1/secrets?watch=1`: on
 * a plain-HTTP loopback server (no tokens) that page could read every object. Plain HTTP requests
 * are safe already (a cross-site read needs CORS headers, which are never sent, and a cross-site
 * write cannot carry a JSON content type without a preflight).
 *
 * Contract: an upgrade without `Origin` (kubectl, client-go, client-node's ws, curl) passes; one
 * whose Origin's host:port equals the request's Host passes (the /ui page served by this server,
 * and the Python client's websocket-client, which sends its target as Origin); any other Origin
 * (another site, `null`, unparsable) is refused with 403. kube-apiserver does not check Origin;
 * this is miniplane's loopback-by-default safety, documented in the README.
 */
import { Forbidden, type GroupResource } from '@miniplane/api';
import type { IncomingMessage } from 'node:http';

export function crossOriginRefusal(req: IncomingMessage, gr: GroupResource): Forbidden | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host && host === req.headers.host?.toLowerCase()) return undefined;
  return new Forbidden(gr, '', `a WebSocket from origin ${JSON.stringify(origin)} is refused: only pages served by this server (${req.headers.host ?? 'no Host'}) may open one`);
}
