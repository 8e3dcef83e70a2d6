/**
 * The two transports a watch streams over: a chunked HTTP response (kube's default) and a
 * WebSocket (when the client sends `Upgrade: websocket`, as kube-apiserver allows).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go HandleHTTP / HandleWS
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { WatchSink } from './watchSink.js';

export { planWatch, runWatch } from './watch.js';

export function httpSink(res: ServerResponse): WatchSink {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const closers: Array<() => void> = [];
  let closed = false;
  const fire = () => {
    if (closed) return;
    closed = true;
    closers.forEach((f) => f());
  };
  res.on('close', fire);
  // Not corked by hand: Node corks the response's socket (Node 24: the response) from a tick's
  // first write to the next tick by itself, so the events of one commit already leave in one
  // writev. A hand-made res.cork() broke the drain contract the outbox relies on under Node 22:
  // the response then buffers the chunks itself, counts them in writableLength and answers
  // write() with false past its high-water mark, but uncork() hands them to the socket without
  // ever emitting 'drain' when the socket takes them at once; the watch waited for good (and an
  // end() dropped what it held): nodejs/node#60432. Node 24 emits that 'drain'; Node 20 has no
  // such buffer.
  const send = (line: string | Buffer) => void res.write(line);
  return {
    send,
    // Within one tick: the pieces leave in one writev, and a 1 MB object is never copied to join them.
    sendParts: (parts) => parts.forEach(send),
    buffered: () => res.writableLength,
    onDrain: (fn) => void res.on('drain', fn),
    close: () => {
      if (!res.writableEnded) res.end();
      fire();
    },
    abort: () => {
      res.destroy();
      fire();
    },
    onClose: (fn) => void closers.push(fn),
  };
}

export function wsSink(ws: WebSocket): WatchSink {
  const drains: Array<() => void> = [];
  // ws has no drain event: a send's callback runs once its frame is handed to the socket.
  const sent = () => drains.forEach((f) => f());
  // ws answers a protocol error (a message over maxPayload: 1009, a bad frame) with a close
  // frame by itself; without a listener it would also throw the error from its emitter.
  ws.on('error', () => {});
  const send = (line: string | Buffer) => {
    const text = typeof line === 'string' ? (line.endsWith('\n') ? line.slice(0, -1) : line) : line.subarray(0, line.byteLength - 1);
    ws.send(text, { binary: false }, sent);
  };
  return {
    send,
    // One message: the pieces are joined.
    sendParts: (parts) => send(Buffer.concat(parts)),
    buffered: () => ws.bufferedAmount,
    onDrain: (fn) => void drains.push(fn),
    close: () => ws.close(1000),
    abort: () => ws.terminate(),
    onClose: (fn) => void ws.on('close', fn),
  };
}
