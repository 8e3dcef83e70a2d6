/**
 * A failed TLS handshake ends that one connection; the server keeps serving. A client that sends
 * plain HTTP to the HTTPS port gets Go's net/http answer instead of a silent close:
 * `HTTP/1.0 400 Bad Request` and "Client sent an HTTP request to an HTTPS server.".
 * Other failures (the client does not trust our CA, a garbled hello) are logged at debug.
 * Upstream: Go's net/http server.go (the tls.RecordHeaderError case of conn.serve)
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';

export const plainHttpAnswer = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

export function onTlsClientError(logger: Logger): (err: Error & { code?: string }, socket: TLSSocket) => void {
  return (err, socket) => {
    logger.debug({ err }, 'TLS handshake failed');
    // Node keeps the raw TCP socket under the TLS one as `_parent` (not in its typings).
    const raw = (socket as TLSSocket & { _parent?: Socket })._parent;
    // With a listener on this event, closing the socket is ours to do.
    if (err.code !== 'ERR_SSL_HTTP_REQUEST' || !raw || raw.destroyed) return void socket.destroy();
    raw.on('error', () => socket.destroy());
    raw.once('finish', () => socket.destroy());
    raw.end(plainHttpAnswer);
  };
}
