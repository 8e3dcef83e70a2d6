/**
 * The proxy's sockets: a TCP listener per frontend, each new connection sent to the endpoint
 * endpointPick.ts chooses, with the source address kube-proxy's NAT would give it.
 *
 * Contract
 * - `sync(table)`: listens on every TCP frontend of the table not yet listened on, stops listening
 *   on those gone (established connections carry on, as conntrack keeps them). The table is
 *   read at each new connection, so a change applies to the next connection at once.
 * - A connection: no usable endpoint, or the endpoint refuses: the client's connection is reset
 *   (kube-proxy REJECTs). Otherwise both ways are piped until either side closes.
 * - Source address (the forwarded connection's local address): a ClusterIP keeps the client's
 *   (no masquerade between pods); NodePort and external IPs with externalTrafficPolicy Local keep
 *   the client's; with Cluster they are masqueraded: the receiving node's IP (NodePort) or the
 *   endpoint's node IP (LoadBalancer and external IPs: the node the load balancer sent it to).
 * - A frontend address that cannot be bound is logged and tried again at the next sync.
 * - `stop()` closes the listeners and every connection.
 * Upstream: pkg/proxy/iptables/proxier.go (KUBE-MARK-MASQ, REJECT), the userspace proxier of old
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@miniplane/client';
import { pickEndpoint, type AffinityEntry, type ProxyMode } from './endpointPick.js';
import type { Frontend, ProxyEndpoint, ProxyTable } from './serviceTable.js';

interface PortState {
  rr: number;
  affinity: Map<string, AffinityEntry>;
}

export interface ForwarderOptions {
  mode: ProxyMode;
  random: () => number;
  now: () => number;
  logger: Logger;
}

export class Forwarder {
  private table: ProxyTable = { frontends: new Map(), nodeIPs: new Map() };
  private readonly listeners = new Map<string, Server>();
  private readonly state = new Map<string, PortState>();
  private readonly open = new Set<Socket>();

  constructor(private readonly o: ForwarderOptions) {}

  /** The frontends listened on now (keys `TCP/ip:port`). */
  get listening(): string[] {
    return [...this.listeners.keys()];
  }

  sync(table: ProxyTable): void {
    this.table = table;
    for (const [key, server] of this.listeners) {
      if (table.frontends.has(key)) continue;
      server.close();
      this.listeners.delete(key);
    }
    const ports = new Set<string>();
    for (const f of table.frontends.values()) {
      ports.add(f.servicePort);
      if (f.protocol === 'TCP' && !this.listeners.has(f.key)) this.listen(f);
    }
    for (const k of this.state.keys()) if (!ports.has(k)) this.state.delete(k);
  }

  async stop(): Promise<void> {
    const closing = [...this.listeners.values()].map((s) => new Promise<void>((r) => s.close(() => r())));
    this.listeners.clear();
    for (const s of this.open) s.destroy();
    await Promise.all(closing);
  }

  private listen(f: Frontend): void {
    const server = createServer({ noDelay: true }, (socket) => this.forward(f.key, socket));
    server.on('error', (err) => {
      this.o.logger.warn({ frontend: f.key, err: String(err) }, 'cannot listen');
      if (this.listeners.get(f.key) === server) this.listeners.delete(f.key);
    });
    server.listen({ host: f.ip, port: f.port });
    this.listeners.set(f.key, server);
  }

  private forward(key: string, client: Socket): void {
    const f = this.table.frontends.get(key);
    const from = client.remoteAddress ?? '';
    const endpoint = f && this.pick(f, from);
    if (!f || !endpoint) {
      client.resetAndDestroy();
      return;
    }
    this.open.add(client);
    const upstream = connect({ host: endpoint.ip, port: endpoint.port, localAddress: this.source(f, endpoint, from), noDelay: true });
    this.open.add(upstream);
    let connected = false;
    upstream.once('connect', () => (connected = true));
    const done = () => {
      this.open.delete(client);
      this.open.delete(upstream);
    };
    upstream.on('error', () => (connected ? client.destroy() : client.resetAndDestroy()));
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => {
      done();
      if (!client.destroyed) client.end();
    });
    client.on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private pick(f: Frontend, client: string): ProxyEndpoint | undefined {
    let s = this.state.get(f.servicePort);
    if (!s) this.state.set(f.servicePort, (s = { rr: 0, affinity: new Map() }));
    const now = this.o.now();
    const p = pickEndpoint({ frontend: f, mode: this.o.mode, client, now, random: this.o.random, affinity: s.affinity.get(client), rr: s.rr });
    if (p.rr !== undefined) s.rr = p.rr;
    if (p.affinity) s.affinity.set(client, p.affinity);
    return p.endpoint;
  }

  private source(f: Frontend, e: ProxyEndpoint, client: string): string {
    if (f.kind === 'cluster' || f.policy === 'Local') return client;
    if (f.kind === 'nodePort') return f.nodeIP ?? client;
    return this.table.nodeIPs.get(e.node) ?? client;
  }
}
