/**
 * RestClient: the one HTTP seam to the apiserver. Sends a request, decodes JSON, and turns any
 * non-2xx answer into the `ApiError` catalogue class rebuilt from the kube `Status` body.
 *
 * Contract:
 * - Construction does no I/O (the keep-alive agent opens sockets lazily); `close()` drops them.
 * - `request()` resolves with the decoded 2xx body; otherwise rejects with an `ApiError`
 *   (`statusToError`) or, for transport failures, the Node error (ECONNREFUSED, AbortError, ...).
 * - `stream()` resolves with the open 2xx response for watch; the caller consumes or destroys it.
 * - Every request is cancellable through `signal`; `config.timeoutMs` bounds non-stream requests.
 * Uses node:http(s) rather than fetch so a custom CA / client cert / insecure flag and a
 * watch stream's abort are all plain socket options.
 * Upstream: staging/src/k8s.io/client-go/rest/{config.go,request.go}
 */
import { encodeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import http, { type IncomingMessage } from 'node:http';
// Deep imports keep a CLI's start-up cheap: the package index loads every module of the api package.
import type { ResourceInfo } from '@miniplane/api/resources';
import { isPlainObject, type KubeObject } from '@miniplane/api/types';
import type { HttpRequest, Query, Requester } from './httpRequest.js';
import { ResourceClient } from './resourceClient.js';
import { isStatus, responseError, statusToError } from './statusError.js';

export interface RestConfig {
  /** Base URL, e.g. `https://127.0.0.1:6443`; a path prefix is kept. */
  server: string;
  token?: string;
  /** PEM bundle trusted for https (certificate-authority[-data]). */
  ca?: string | Buffer;
  /** PEM client certificate and key (client-certificate[-data] / client-key[-data]). */
  cert?: string | Buffer;
  key?: string | Buffer;
  insecureSkipTLSVerify?: boolean;
  userAgent?: string;
  /** Bound on each non-watch request, in ms (default: none). */
  timeoutMs?: number;
}

export interface RestClientOptions {
  config: RestConfig;
}

export class RestClient implements Requester {
  readonly config: RestConfig;
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(opts: RestClientOptions) {
    this.config = opts.config;
    this.base = new URL(opts.config.server);
    const c = opts.config;
    this.agent = this.base.protocol === 'https:'
      ? new (httpsModule().Agent)({ keepAlive: true, ca: c.ca, cert: c.cert, key: c.key, rejectUnauthorized: !c.insecureSkipTLSVerify })
      : new http.Agent({ keepAlive: true });
  }

  async request<R>(req: HttpRequest): Promise<R> {
    const signals = [req.signal, this.config.timeoutMs ? AbortSignal.timeout(this.config.timeoutMs) : undefined];
    const active = signals.filter((s): s is AbortSignal => s !== undefined);
    const res = await this.send({ ...req, signal: active.length > 1 ? AbortSignal.any(active) : active[0] });
    const text = await readBody(res);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw toError(code, text);
    // Exact: an int64 beyond 2^53 comes back as a bigint, so a read-modify-write keeps it.
    return (text ? parseJsonExact(text) : {}) as R;
  }

  async stream(req: HttpRequest): Promise<IncomingMessage> {
    const res = await this.send(req);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code <= 299) return res;
    throw toError(code, await readBody(res));
  }

  /** The typed verbs for one resource, optionally bound to a namespace. */
  resource<T extends KubeObject = KubeObject>(resource: ResourceInfo, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>({ client: this, resource, namespace });
  }

  /** Closes idle keep-alive sockets; in-flight requests finish normally. */
  close(): void {
    this.agent.destroy();
  }

  url(path: string, query: Query = {}): URL {
    const u = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  private send(req: HttpRequest): Promise<IncomingMessage> {
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.config.userAgent ?? 'miniplane-client' };
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === 'string' ? req.body : encodeJson(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    Object.assign(headers, req.headers);
    const mod = url.protocol === 'https:' ? httpsModule() : http;
    const signal = req.signal;
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      // Aborted, the request is rejected here and destroyed without an error: destroyed with one
      // (as http.request's own `signal` does) before the agent had handed it its socket, Node
      // destroyed that socket with the error too, before any listener was on it, and the process
      // died of an unhandled 'error' (a reflector stopped just as it re-watched). The listener
      // lives only as long as the request (until its response closes).
      const onAbort = () => {
        reject(abortError(signal?.reason));
        r.destroy();
      };
      const release = () => signal?.removeEventListener('abort', onAbort);
      const r = mod.request(url, { method: req.method, headers, agent: this.agent }, (res) => {
        res.once('close', release);
        resolve(res);
      });
      r.on('error', (e) => {
        release();
        reject(e);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      r.end(payload);
    });
  }
}

/** What an aborted request rejects with, as Node's own: name 'AbortError', code 'ABORT_ERR', the signal's reason as cause. */
function abortError(reason: unknown): Error {
  return Object.assign(new Error('The operation was aborted', { cause: reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

/** node:https (and TLS with it) is loaded only for an https server: a CLI on http skips its cost. */
function httpsModule(): typeof import('node:https') {
  return process.getBuiltinModule('node:https');
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function toError(code: number, text: string): Error {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return responseError(code, text);
  }
  if (isStatus(body)) return statusToError(body, code);
  return responseError(code, isPlainObject(body) ? '' : text);
}
