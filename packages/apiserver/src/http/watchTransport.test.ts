// A watch's outbox over each real transport: a burst bigger than the high-water mark, written in
// one tick, must be followed by the lines sent after it. The outbox stops at the mark and waits for
// the sink's drain; a sink whose drain never comes stalls the watch for good (on Node 22, a
// response corked by hand buffered the burst in the response, and its 'drain' never fired once
// the socket took it: informers then missed every later event).
import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { WebSocket, WebSocketServer } from 'ws';
import { WatchOutbox } from './watchOutbox.js';
import type { WatchSink } from './watchSink.js';
import { httpSink, wsSink } from './watchTransport.js';

const highWaterBytes = 256 * 1024;
const endLine = 'end\n';

interface Case {
  name: string;
  lines: number;
  lineBytes: number;
  /** `push`: live events (queued past the mark); `write`: the initial burst, then `drained()`. */
  via: 'push' | 'write';
}

const cases: Case[] = [
  { name: 'live events: 100 lines of 4 KiB in one tick', lines: 100, lineBytes: 4096, via: 'push' },
  { name: 'live events: 2,000 lines of 200 B in one tick', lines: 2000, lineBytes: 200, via: 'push' },
  { name: 'live events: 4 lines of 128 KiB in one tick', lines: 4, lineBytes: 128 * 1024, via: 'push' },
  { name: 'initial burst: 300 KiB written, then wait for the drain', lines: 75, lineBytes: 4096, via: 'write' },
];

/** Feeds the outbox as watch.ts does: the burst in one tick, the last line on a later one. */
async function feed(outbox: WatchOutbox, c: Case): Promise<void> {
  const line = Buffer.from('x'.repeat(c.lineBytes - 1) + '\n');
  if (c.via === 'write') {
    for (let i = 0; i < c.lines; i++) outbox.write(line);
    if (outbox.full()) await outbox.drained();
    outbox.open();
  } else {
    outbox.open();
    for (let i = 0; i < c.lines; i++) outbox.push(line);
  }
  await new Promise((r) => setTimeout(r, 20));
  outbox.push(endLine);
}

interface Transport {
  name: string;
  /** A server whose one connection gets a sink; the client resolves with the bytes it read up to the end line. */
  start(onSink: (sink: WatchSink) => void): Promise<{ server: Server; read: () => Promise<number> }>;
}

const listen = async (server: Server) => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
};

const transports: Transport[] = [
  {
    name: 'chunked HTTP',
    async start(onSink) {
      const server = createServer((_req, res) => onSink(httpSink(res)));
      const port = await listen(server);
      const read = () => new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port }, (res) => {
          let n = 0;
          let tail = '';
          res.on('data', (d: Buffer) => {
            n += d.byteLength;
            tail = (tail + d.toString('latin1')).slice(-endLine.length);
            if (tail === endLine) resolve(n);
          });
        }).on('error', reject);
      });
      return { server, read };
    },
  },
  {
    name: 'WebSocket',
    async start(onSink) {
      const server = createServer();
      const wss = new WebSocketServer({ server });
      wss.on('connection', (ws) => onSink(wsSink(ws)));
      server.on('close', () => wss.close());
      const port = await listen(server);
      const read = () => new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
        let n = 0;
        ws.on('message', (d: Buffer) => {
          n += d.byteLength + 1;
          if (d.toString() === endLine.trim()) {
            resolve(n);
            ws.close();
          }
        });
        ws.on('error', reject);
      });
      return { server, read };
    },
  },
];

for (const tr of transports) {
  for (const c of cases) {
    t.test(`${tr.name}, ${c.name}: every line arrives`, async (t) => {
      let outbox: WatchOutbox | undefined;
      const { server, read } = await tr.start((sink) => {
        outbox = new WatchOutbox(sink, { highWaterBytes, maxBufferedBytes: 64 << 20, onChange: () => {}, onOverflow: () => t.fail('overflow') });
        void feed(outbox, c);
      });
      t.teardown(() => {
        server.closeAllConnections();
        server.close();
      });
      // Bounded only so that a stall fails the test instead of hanging it.
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<string>((r) => {
        timer = setTimeout(() => r(`stalled: ${outbox?.unread() ?? 0} bytes still in the outbox`), 15_000);
      });
      const got = await Promise.race([read(), stalled]);
      clearTimeout(timer);
      t.equal(got, c.lines * c.lineBytes + endLine.length, 'the burst and the line after it');
    });
  }
}
