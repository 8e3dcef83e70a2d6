/**
 * Where a watch's lines go: a chunked HTTP response or a WebSocket (watchTransport.ts makes
 * both), written through the outbox (watchOutbox.ts) that watch.ts feeds.
 */
/** Where events go: an HTTP response or a WebSocket. */
export interface WatchSink {
  /** Sends one line (ending in a newline; a WebSocket sends it as one text message without it). */
  send(line: string | Buffer): void;
  /** Sends one line given in pieces (a stored object between its event's head and tail). */
  sendParts(parts: Buffer[]): void;
  /** Bytes queued but not yet written to the socket. */
  buffered(): number;
  /** Called when the socket has taken what was buffered (or some of it, for a WebSocket). */
  onDrain(fn: () => void): void;
  close(): void;
  /** Drops the connection at once, unsent data and all (a consumer too slow to keep up). */
  abort(): void;
  onClose(fn: () => void): void;
}
