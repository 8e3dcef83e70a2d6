/**
 * The bound on the time to receive a request body: a client that sends the head of a write and
 * then trickles its body (a byte every 100 ms) would otherwise hold a connection and a growing
 * buffer for as long as it likes (Fastify's `requestTimeout` does not cut such a body on Node 20).
 *
 * Contract: every request that declares a body (Content-Length above 0 or Transfer-Encoding), other
 * than GET and HEAD (whose bodies are never read), gets one timer of `ms` from the arrival of its
 * head, cleared once the body has arrived whole (or the request is gone). When it fires on a body
 * still arriving:
 *  - if the server is still waiting for that body (Fastify's body reader listens), the reader is
 *    failed with kube's `504 Timeout` Status, `Timeout: request did not complete within the
 *    allotted timeout`, sent with `Connection: close`, after which Node closes the socket;
 *  - otherwise (the answer already went out and Node is draining the unread rest) the socket is
 *    destroyed.
 * Nothing of that request reaches the registry, so nothing is stored. Watches (GET), WebSocket
 * upgrades (never a 'request' event) and whole bodies received in time are untouched.
 * Upstream: kube-apiserver bounds a whole non-long-running request, body read included, by
 * `--request-timeout` (60 s): staging/src/k8s.io/apiserver/pkg/server/filters/timeout.go
 * (WithTimeoutForNonLongRunningRequests answers 504 with the message above; Go's server then
 * closes the connection whose body was left unread). Its http.Server sets no ReadTimeout.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Timeout } from '@miniplane/api';

/** kube-apiserver's default `--request-timeout`. */
export const defaultBodyTimeoutMs = 60_000;

/** Whether the request carries a body the server would read (GET and HEAD bodies are not). */
export function declaresBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Arms the body timer on every request of `server` (HTTP or HTTPS) that declares a body. */
export function boundBodyTime(server: Server, ms: number): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.complete || !declaresBody(req)) return;
    const timer = setTimeout(() => expire(req, res), ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
  });
}

function expire(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  // Fastify's body reader listens for 'error' while it waits; failing it sends the Status through
  // the app's error handler (and its metrics) as the single answer to this request.
  if (!res.headersSent && req.listenerCount('error') > 0) {
    res.setHeader('connection', 'close');
    req.emit('error', new Timeout('request did not complete within the allotted timeout'));
  } else {
    req.socket.destroy();
  }
}
