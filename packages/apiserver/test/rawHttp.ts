/**
 * A raw HTTP/1.1 client over one TCP connection per request, for the fuzz tests: it sends exactly
 * the bytes it is given (any method, path, header or body, a Content-Length that lies, a body cut
 * short) and reads one response, de-chunked. A response that streams (a watch) is read for
 * `streamMs` after its head and then the client goes away, as a client that vanishes mid-watch.
 */
import net from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send only this many bytes of the body, then close: the client vanishes mid-body. */
  cutBodyAt?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The response was still streaming when the client went away. */
  streaming: boolean;
}

export interface RawOptions {
  /** Give up (reject) when no complete head arrives in this time: the server is frozen. */
  timeoutMs?: number;
  /** How long to read a streaming response after its head before closing (default 150 ms). */
  streamMs?: number;
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const lines = head.split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers };
}

/** De-chunks what has arrived; `done` once the last chunk is in. */
function dechunk(buf: Buffer): { body: Buffer; done: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return { body: Buffer.concat(parts), done: false };
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return { body: Buffer.concat(parts), done: true };
    if (buf.length < eol + 2 + size) return { body: Buffer.concat(parts), done: false };
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

export function rawRequest(url: string, r: RawRequest, o: RawOptions = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  const headers: Record<string, string> = { host: `${hostname}:${port}`, connection: 'close', ...r.headers };
  if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) {
    headers['content-length'] = String(body.length);
  }
  const head = `${r.method} ${r.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    let parsed: { status: number; headers: Record<string, string>; bodyAt: number } | undefined;
    let settled = false;
    const finish = (streaming: boolean, rest: Buffer) => {
      if (settled || !parsed) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ status: parsed.status, headers: parsed.headers, body: rest, streaming });
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      sock.destroy();
      reject(new Error(`no answer in ${o.timeoutMs ?? 20000} ms to ${r.method} ${r.path.slice(0, 200)}`));
    }, o.timeoutMs ?? 20000);
    const tryComplete = (ended: boolean) => {
      if (!parsed) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (ended && !settled) {
            settled = true;
            clearTimeout(timer);
            // A client that cut its own body short expects no answer (status 0).
            if (r.cutBodyAt !== undefined) return resolve({ status: 0, headers: {}, body: Buffer.alloc(0), streaming: false });
            reject(new Error(`connection closed without a response to ${r.method} ${r.path.slice(0, 200)}`));
          }
          return;
        }
        const h = parseHead(buf.subarray(0, end).toString('latin1'));
        if (h.status >= 100 && h.status < 200 && h.status !== 101) {
          // An interim answer (100 Continue): the real one follows.
          buf = buf.subarray(end + 4);
          return tryComplete(ended);
        }
        parsed = { ...h, bodyAt: end + 4 };
        if (parsed.status === 101) return finish(true, Buffer.alloc(0));
        if (parsed.headers['transfer-encoding'] === 'chunked') setTimeout(() => finish(true, dechunk(buf.subarray(parsed!.bodyAt)).body), o.streamMs ?? 150);
      }
      const rest = buf.subarray(parsed.bodyAt);
      if (r.method === 'HEAD' || parsed.status === 204 || parsed.status === 304) return finish(false, Buffer.alloc(0));
      if (parsed.headers['transfer-encoding'] === 'chunked') {
        const d = dechunk(rest);
        if (d.done) finish(false, d.body);
        else if (ended) finish(true, d.body);
        return;
      }
      const len = parsed.headers['content-length'];
      if (len !== undefined && rest.length >= Number(len)) return finish(false, rest.subarray(0, Number(len)));
      if (ended) finish(false, rest);
    };
    sock.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      tryComplete(false);
    });
    sock.on('end', () => tryComplete(true));
    sock.on('close', () => tryComplete(true));
    sock.on('error', () => undefined); // EPIPE/ECONNRESET when the server answers before the body is sent
    sock.write(head);
    if (body) {
      if (r.cutBodyAt !== undefined) {
        sock.end(body.subarray(0, r.cutBodyAt));
        setTimeout(() => sock.destroy(), 50);
      } else sock.write(body);
    }
  });
}
