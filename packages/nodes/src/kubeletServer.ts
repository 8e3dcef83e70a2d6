/**
 * KubeletServer: the simulated kubelet's own HTTP endpoint, serving its containers' logs at
 * `GET /containerLogs/{namespace}/{pod}/{container}` with PodLogOptions in the query, as the
 * kubelet's server does for the apiserver's `pods/log` proxy.
 *
 * Contract
 * - Listens on loopback only (`host`, default 127.0.0.1), on `port` (0: a free one); `url` is
 *   what the kubelet publishes on its Node. Plain HTTP without authentication: only local
 *   processes reach it (kube's kubelet asks for the apiserver's client certificate).
 * - Answers as the kubelet: a pod this node does not run is 404 `pod "p" does not exist`, a
 *   container the pod does not declare 404 `container "c" not found in pod "p"`, options that do
 *   not decode 400, invalid ones 422, a container with nothing to read 400 with kube's text
 *   (containerLogRead.ts); all as plain text, which the apiserver turns into a Status. Else 200
 *   with the log (containerLogRead.ts LogCursor); with `follow`, later lines as they come
 *   until the container stops, the byte limit is reached or the client goes.
 * - `stop()` closes the listener and every open connection (a stopped kubelet is unreachable).
 * Upstream: pkg/kubelet/server/server.go (getContainerLogs), pkg/kubelet/kubelet_pods.go GetContainerLogs
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import { parsePodLogOptions, validatePodLogOptions, type LogQuery } from '@miniplane/api/pod/podLogOptions';
import type { Clock, Logger } from '@miniplane/client';
import type { ContainerLogs } from './containerLog.js';
import { LogCursor, containerLogStatusError } from './containerLogRead.js';

export interface KubeletServerOptions {
  /** The pod `namespace/name` this node runs, if it does. */
  pod(namespace: string, name: string): Pod | undefined;
  logs: ContainerLogs;
  clock: Clock;
  logger: Logger;
  host?: string;
}

export class KubeletServer {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly o: KubeletServerOptions) {}

  get url(): string {
    return `http://${this.o.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return !!this.server;
  }

  /** Listens on `port` (0, or the port it had before when still free: a restarted kubelet keeps its endpoint). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    const listen = (port: number) => new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.o.host ?? '127.0.0.1', port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    try {
      await listen(this.boundPort);
    } catch (err: unknown) {
      if (!this.boundPort) throw err;
      await listen(0); // the old port was taken meanwhile: a new one, published at registration
    }
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return plain(res, 404, '404 page not found\n');
    const [ns, podName, container] = m.slice(1).map((s) => decodeURIComponent(s)) as [string, string, string];
    const query: LogQuery = {};
    for (const k of new Set(url.searchParams.keys())) query[k] = url.searchParams.getAll(k);
    let options;
    try {
      options = parsePodLogOptions(query);
      validatePodLogOptions(podName, options);
    } catch (err: unknown) {
      if (err instanceof ApiError) return plain(res, err.code, err.message);
      throw err;
    }
    const pod = this.o.pod(ns, podName);
    if (!pod) return plain(res, 404, `pod ${JSON.stringify(podName)} does not exist`);
    const spec = pod.spec;
    const declared = [...(spec.initContainers ?? []), ...spec.containers, ...((spec as { ephemeralContainers?: Array<{ name: string }> }).ephemeralContainers ?? [])];
    if (!declared.some((c) => c.name === container)) return plain(res, 404, `container ${JSON.stringify(container)} not found in pod ${JSON.stringify(podName)}`);
    const refused = containerLogStatusError(pod, container, options.previous);
    if (refused) return plain(res, 400, refused);

    const uid = pod.metadata.uid ?? '';
    const cursor = new LogCursor(options, this.o.clock.now());
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    const first = cursor.first(this.o.logs.lines(uid, container));
    if (first.length) res.write(first);
    if (!options.follow || cursor.done || this.o.logs.stopped(uid, container)) return void res.end();
    let ended = false;
    let unfollow = () => {};
    const end = () => {
      if (ended) return;
      ended = true;
      unfollow();
      res.end();
    };
    unfollow = this.o.logs.follow(uid, container, (e) => {
      const out = cursor.next(e);
      if (out.length) res.write(out);
      if (cursor.done) end();
    }, end);
    res.on('close', end);
  }
}

function plain(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
