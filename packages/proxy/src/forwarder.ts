/**
 * The proxy's TCP sockets: a listener per TCP frontend, each new connection sent to the endpoint
 * the router chooses, from the source address it gives (router.ts).
 *
 * Contract
 * - `sync(table)`: listens on every TCP frontend of the table not yet listened on, stops listening
 *   on those gone (established connections carry on, as conntrack keeps them). The table is
 *   read at each new connection, so a change applies to the next connection at once.
 * - A connection: no usable endpoint, or the endpoint refuses: the client's connection is reset
 *   (kube-proxy REJECTs). Otherwise both ways are piped until either side closes.
 * - A frontend address that cannot be bound (in use) is logged and tried again at a sync at
 *   least 10 s later.
 * - `stop()` closes the listeners and every connection.
 * Upstream: pkg/proxy/iptables/proxier.go (KUBE-MARK-MASQ, REJECT), the userspace proxier of old
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@miniplane/client';
import type { Router } from './router.js';
import type { Frontend, ProxyTable } from './serviceTable.js';

const retryBindMs = 10_000;

export interface ForwarderOptions {
  router: Router;
  logger: Logger;
}

export class Forwarder {
  private readonly listeners = new Map<string, Server>();
  /** Frontends that could not be bound -> when to try again (not at every sync: no log storm). */
  private readonly failed = new Map<string, number>();
  private readonly open = new Set<Socket>();

  constructor(private readonly o: ForwarderOptions) {}

  /** The frontends listened on now (keys `TCP/ip:port`). */
  get listening(): string[] {
    return [...this.listeners.keys()];
  }

  /** Listens on the TCP frontends of the router's table (call after `router.sync`). */
  sync(table: ProxyTable): void {
    for (const [key, server] of this.listeners) {
      if (table.frontends.has(key)) continue;
      server.close();
      this.listeners.delete(key);
    }
    const now = Date.now();
    for (const f of table.frontends.values()) {
      if (f.protocol !== 'TCP' || this.listeners.has(f.key) || (this.failed.get(f.key) ?? 0) > now) continue;
      this.failed.delete(f.key);
      this.listen(f);
    }
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
      this.failed.set(f.key, Date.now() + retryBindMs);
    });
    server.listen({ host: f.ip, port: f.port });
    this.listeners.set(f.key, server);
  }

  private forward(key: string, client: Socket): void {
    const { router } = this.o;
    const f = router.frontend(key);
    const from = client.remoteAddress ?? '';
    const endpoint = f && router.pick(f, from);
    if (!f || !endpoint) {
      client.resetAndDestroy();
      return;
    }
    this.open.add(client);
    const upstream = connect({ host: endpoint.ip, port: endpoint.port, localAddress: router.source(f, endpoint, from), noDelay: true });
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
}
