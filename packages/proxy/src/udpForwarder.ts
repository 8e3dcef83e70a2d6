/**
 * The proxy's UDP sockets: one per UDP frontend. Datagrams from one client address:port form a
 * flow (as conntrack tracks it); the flow's first datagram picks the endpoint (router.ts) and opens
 * an upstream socket bound to the source address the router gives, connected to the endpoint;
 * the endpoint's replies go back to the client from the frontend's address.
 *
 * Contract
 * - A flow stays with its endpoint while that endpoint is usable; once it is not (its slice
 *   changed), the next datagram picks again (kube-proxy clears stale UDP conntrack entries).
 * - A flow idle for `idleMs` (default 30 s, conntrack's UDP timeout) is closed.
 * - No usable endpoint: the datagram is dropped (kube-proxy's REJECT answers ICMP unreachable,
 *   which a user-space proxy cannot send).
 * - `sync(table)` binds new UDP frontends and closes those gone (with their flows); `stop()`
 *   closes everything. A frontend that cannot be bound is logged and tried again at a sync 10 s later or more.
 * Upstream: pkg/proxy/iptables/proxier.go, pkg/proxy/conntrack (stale UDP entries)
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '@miniplane/client';
import { endpointKey, usableEndpoints } from './endpointPick.js';
import type { Router } from './router.js';
import type { Frontend, ProxyTable } from './serviceTable.js';

/** Datagrams kept per flow while its upstream socket connects (more are dropped, as a full queue). */
const maxPending = 64;

export interface UdpForwarderOptions {
  router: Router;
  logger: Logger;
  now: () => number;
  idleMs?: number;
}

interface Flow {
  endpoint: string;
  upstream: Socket;
  last: number;
  /** Datagrams that arrived before the upstream socket was connected; undefined once it is. */
  pending?: Buffer[];
}

interface Bound {
  socket: Socket;
  flows: Map<string, Flow>;
}

export class UdpForwarder {
  private readonly bound = new Map<string, Bound>();
  /** Frontends that could not be bound -> when to try again. */
  private readonly failed = new Map<string, number>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly o: UdpForwarderOptions) {
    this.sweep = setInterval(() => this.expire(), Math.min(5000, this.idleMs)).unref();
  }

  private get idleMs(): number {
    return this.o.idleMs ?? 30_000;
  }

  get listening(): string[] {
    return [...this.bound.keys()];
  }

  sync(table: ProxyTable): void {
    for (const key of [...this.bound.keys()]) if (!table.frontends.has(key)) this.close(key);
    const now = Date.now();
    for (const f of table.frontends.values()) {
      if (f.protocol !== 'UDP' || this.bound.has(f.key) || (this.failed.get(f.key) ?? 0) > now) continue;
      this.failed.delete(f.key);
      this.bind(f);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweep);
    for (const key of [...this.bound.keys()]) this.close(key);
  }

  private bind(f: Frontend): void {
    const socket = createSocket(f.ip.includes(':') ? 'udp6' : 'udp4');
    const b: Bound = { socket, flows: new Map() };
    socket.on('error', (err) => {
      this.o.logger.warn({ frontend: f.key, err: String(err) }, 'cannot listen');
      if (this.bound.get(f.key) === b) this.close(f.key);
      this.failed.set(f.key, Date.now() + 10_000);
    });
    socket.on('message', (msg, from) => this.forward(f.key, b, msg, from.address, from.port));
    socket.bind(f.port, f.ip);
    this.bound.set(f.key, b);
  }

  private forward(key: string, b: Bound, msg: Buffer, address: string, port: number): void {
    const { router } = this.o;
    const f = router.frontend(key);
    if (!f) return;
    const id = `${address}:${port}`;
    let flow = b.flows.get(id);
    if (flow && !usableEndpoints(f, router.clientNode(f, address)).some((e) => endpointKey(e) === flow!.endpoint)) {
      flow.upstream.close();
      b.flows.delete(id);
      flow = undefined;
    }
    if (!flow) {
      const e = router.pick(f, address);
      if (!e) return;
      const upstream = createSocket(e.ip.includes(':') ? 'udp6' : 'udp4');
      upstream.on('error', () => {});
      upstream.on('message', (reply) => b.socket.send(reply, port, address));
      const opened: Flow = { endpoint: endpointKey(e), upstream, last: 0, pending: [] };
      upstream.bind({ address: router.source(f, e, address), port: 0 }, () => upstream.connect(e.port, e.ip, () => {
        for (const m of opened.pending ?? []) upstream.send(m);
        opened.pending = undefined;
      }));
      flow = opened;
      b.flows.set(id, flow);
    }
    flow.last = this.o.now();
    if (flow.pending) {
      if (flow.pending.length < maxPending) flow.pending.push(msg);
    }
    else flow.upstream.send(msg);
  }

  private expire(): void {
    const old = this.o.now() - this.idleMs;
    for (const b of this.bound.values()) {
      for (const [id, flow] of b.flows) {
        if (flow.last > old) continue;
        flow.upstream.close();
        b.flows.delete(id);
      }
    }
  }

  private close(key: string): void {
    const b = this.bound.get(key);
    this.bound.delete(key);
    if (!b) return;
    for (const flow of b.flows.values()) flow.upstream.close();
    try {
      b.socket.close();
    } catch {
      // never bound: already closed
    }
  }
}
