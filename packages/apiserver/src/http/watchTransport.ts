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
  // Events of one commit arrive in one tick: cork until the next tick so they leave in one
  // writev, not one system call each. Uncorked before end(): Node 22 drops what a corked
  // response holds when it ends (a watch's ERROR line, written just before the close).
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  const send = (line: string | Buffer) => {
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(uncork);
    }
    res.write(line);
  };
  return {
    send,
    // Corked: the pieces leave in one writev, and a 1 MB object is never copied to join them.
    sendParts: (parts) => parts.forEach(send),
    buffered: () => res.writableLength,
    onDrain: (fn) => void res.on('drain', fn),
    close: () => {
      uncork();
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
