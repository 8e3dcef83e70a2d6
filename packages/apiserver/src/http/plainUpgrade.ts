/**
 * Requests that carry an `Upgrade:` header we do not serve (an h2c upgrade from `curl --http2`, a
 * WebSocket to a URL that is not a watch, any other protocol) are answered as the plain HTTP/1.1
 * requests they also are, as kube-apiserver (Go's net/http) does: it ignores upgrades it does not
 * handle.
 *
 * How: Node emits 'upgrade' (and detaches its HTTP parser from the socket) for every request with
 * an Upgrade header once the server has an 'upgrade' listener; Node 20 has no per-request choice.
 * `servePlain` replays the request into the server as a new connection: its head is rebuilt from
 * the raw headers without the upgrade headers and with `Connection: close`, followed by the bytes
 * Node had read past the head and then the socket's own data. Node's parser then reads the body
 * (length-delimited or chunked, under the same bodyLimit) and the request runs through the normal
 * routes; the connection closes after that one response.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go (isWebsocketRequest gates
 * the only upgrade kube-apiserver serves here)
 */
import type { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';

/** Is this an upgrade to the WebSocket protocol (the only one kube serves, for watches)? */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase().split(',').some((p) => p.trim() === 'websocket');
}

/** Hop-by-hop headers of the upgrade itself, dropped from the replayed request. */
const upgradeHeaders = new Set(['upgrade', 'connection', 'http2-settings', 'keep-alive']);

/** The request head as it would have been sent without asking for an upgrade. */
export function plainHead(req: IncomingMessage): string {
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!upgradeHeaders.has(raw[i]!.toLowerCase())) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  return head + 'Connection: close\r\n\r\n';
}

/** A duplex over `socket` whose readable side first yields `prefix`. */
class Replay extends Duplex {
  constructor(
    private readonly socket: Duplex,
    prefix: Buffer,
  ) {
    super();
    this.push(prefix);
    socket.on('data', (d: Buffer) => {
      if (!this.push(d)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (e) => this.destroy(e));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.socket.write(chunk, cb);
  }

  override _final(cb: () => void): void {
    this.socket.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    this.socket.destroy();
    cb(err);
  }
}

export function servePlain(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const replay = new Replay(socket, Buffer.concat([Buffer.from(plainHead(req), 'latin1'), head]));
  // Over TLS the socket's data is already decrypted: hand it to the HTTP layer as a connection
  // that has finished its handshake (an https server's HTTP parser listens on 'secureConnection').
  if ((socket as { encrypted?: boolean }).encrypted) {
    Object.assign(replay, { encrypted: true });
    server.emit('secureConnection', replay);
  } else server.emit('connection', replay);
}
