/**
 * The two transports a watch streams over: a chunked HTTP response (kube's default) and a
 * WebSocket (when the client sends `Upgrade: websocket`, as kube-apiserver allows).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go HandleHTTP / HandleWS
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { WatchSink } from './watch.js';

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
  // writev, not one system call each.
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  return {
    send: (line) => {
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      res.write(line);
    },
    buffered: () => res.writableLength,
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
  return {
    send: (line) => ws.send(line.endsWith('\n') ? line.slice(0, -1) : line),
    buffered: () => ws.bufferedAmount,
    close: () => ws.close(1000),
    abort: () => ws.terminate(),
    onClose: (fn) => void ws.on('close', fn),
  };
}
