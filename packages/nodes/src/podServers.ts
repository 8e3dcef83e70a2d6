/**
 * PodServers: in `--dataplane` mode, the processes of the simulated containers. For each pod the
 * plan (podServePlan.ts) says serves, an HTTP server on `podIP:containerPort` for every TCP port
 * and a UDP echo for every UDP port, all on loopback addresses of the cluster CIDR.
 *
 * Contract
 * - The HTTP server answers every request with who answered and whom it saw:
 *   `{"pod","namespace","podIP","node","client"}` as JSON when the request accepts JSON
 *   (`Accept` naming `json`), else one plain-text line (what curl shows):
 *   `pod=NAME namespace=NS podIP=IP node=NODE client=ADDR`. `client` is the peer address of the
 *   connection (the proxy binds it to the client's or the node's address). The request body is
 *   not read beyond 64 KiB. The UDP echo sends each datagram back to its sender.
 * - `observe(pod)`: opens what the pod serves, reopens when that changes (a new IP), closes it
 *   when it serves nothing anymore (finished); `gone(pod)` closes it (the pod object is deleted).
 * - At most `maxPods` pods are served at once; past it a pod runs without a server (logged once)
 *   and is looked at again at its next change.
 * - A port that cannot be bound (in use) is logged and skipped; nothing throws.
 * - `stop()` closes every socket and connection.
 * - With `onLog`, what the container's process would print, one line each, to the container
 *   declaring the port: `Listening on http://IP:PORT` (or `udp IP:PORT`) once bound, the bind
 *   error if not, and an access-log line per HTTP request answered,
 *   `CLIENT:PORT "METHOD PATH HTTP/1.1" 200 BYTES "USER-AGENT"`, and per UDP datagram echoed,
 *   `CLIENT:PORT udp BYTES bytes echoed`.
 * Upstream: none (miniplane's stand-in for container processes)
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Pod } from '@miniplane/api/pod/types';
import type { HandlerRegistration, Logger, SharedInformer } from '@miniplane/client';
import { planPodServe, type ServedPort } from './podServePlan.js';

export const defaultDataplaneMaxPods = 500;

/** Serves the pods `pods` holds that `ours` accepts, following its events (its own handler). */
export function servePods(pods: SharedInformer<Pod>, ours: (p: Pod) => boolean, maxPods: number, logger: Logger, onLog?: PodServersOptions['onLog']): PodServers {
  const servers = new PodServers({ maxPods, logger, onLog });
  servers.registration = pods.addEventHandler({
    onAdd: (p) => void (ours(p) && servers.observe(p)),
    onUpdate: (_, p) => void (ours(p) && servers.observe(p)),
    onDelete: (p) => servers.gone(p),
  });
  return servers; // a late handler first hears of every cached pod as an add
}

export interface PodServersOptions {
  maxPods: number;
  logger: Logger;
  /** A line for the log of the pod's `container` (its access log and listening lines). */
  onLog?(pod: Pod, container: string, line: string): void;
}

interface Served {
  key: string;
  pod: Pod;
  sockets: (Server | UdpSocket)[];
}

export class PodServers {
  private readonly served = new Map<string, Served>();
  private readonly overCap = new Set<string>();
  /** The informer handler feeding it (servePods), removed first by `stop()`: a shared informer runs on. */
  registration?: HandlerRegistration;

  constructor(private readonly o: PodServersOptions) {}

  /** How many pods have servers now. */
  get count(): number {
    return this.served.size;
  }

  observe(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    const plan = planPodServe(pod);
    const cur = this.served.get(uid);
    if (cur) {
      cur.pod = pod;
      if (cur.key === plan.key) return;
      this.close(uid);
    }
    if (!plan.ports.length) return;
    if (this.served.size >= this.o.maxPods) {
      if (!this.overCap.has(uid)) this.o.logger.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, max: this.o.maxPods }, 'over --dataplane-max-pods: the pod runs without a server');
      this.overCap.add(uid);
      return;
    }
    this.overCap.delete(uid);
    const entry: Served = { key: plan.key, pod, sockets: [] };
    this.served.set(uid, entry);
    for (const p of plan.ports) entry.sockets.push(p.protocol === 'TCP' ? this.http(entry, p) : this.udp(entry, p));
  }

  gone(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    this.overCap.delete(uid);
    this.close(uid);
  }

  async stop(): Promise<void> {
    await this.registration?.remove();
    const all = [...this.served.keys()];
    await Promise.all(all.map((uid) => this.close(uid)));
  }

  private close(uid: string): Promise<void> {
    const entry = this.served.get(uid);
    this.served.delete(uid);
    if (!entry) return Promise.resolve();
    return Promise.all(entry.sockets.map((s) => new Promise<void>((resolve) => {
      if ('closeAllConnections' in s) {
        s.close(() => resolve());
        s.closeAllConnections();
      } else {
        try {
          s.close(() => resolve());
        } catch {
          resolve(); // never bound (the bind failed and closed it)
        }
      }
    }))).then(() => {});
  }

  private http(entry: Served, p: ServedPort): Server {
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => this.answer(entry, p, req, res));
    server.on('error', (err) => {
      this.o.logger.warn({ ip: p.ip, port: p.port, err: String(err) }, 'pod port not served');
      this.log(entry, p, `listen tcp ${p.ip}:${p.port}: ${err.message}`);
    });
    server.listen({ host: p.ip, port: p.port }, () => this.log(entry, p, `Listening on http://${hostPort(p.ip, p.port)}`));
    return server;
  }

  private log(entry: Served, p: ServedPort, line: string): void {
    if (this.served.get(entry.pod.metadata.uid ?? '') === entry) this.o.onLog?.(entry.pod, p.container, line);
  }

  private answer(entry: Served, p: ServedPort, req: IncomingMessage, res: ServerResponse): void {
    const { pod } = entry;
    const client = req.socket.remoteAddress ?? '';
    const who = { pod: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', podIP: pod.status?.podIP ?? '', node: pod.spec.nodeName ?? '', client };
    let read = 0;
    req.on('data', (d: Buffer) => {
      read += d.length;
      if (read > 64 * 1024) req.destroy();
    });
    const json = /json/i.test(req.headers.accept ?? '');
    const body = json ? JSON.stringify(who) + '\n' : `pod=${who.pod} namespace=${who.namespace} podIP=${who.podIP} node=${who.node} client=${client}\n`;
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    const ua = req.headers['user-agent'] ?? '-';
    this.log(entry, p, `${hostPort(client, req.socket.remotePort ?? 0)} ${JSON.stringify(`${req.method} ${req.url} HTTP/${req.httpVersion}`)} 200 ${Buffer.byteLength(body)} ${JSON.stringify(ua)}`);
  }

  private udp(entry: Served, p: ServedPort): UdpSocket {
    const socket = createSocket(p.ip.includes(':') ? 'udp6' : 'udp4');
    socket.on('error', (err) => {
      this.o.logger.warn({ ip: p.ip, port: p.port, err: String(err) }, 'pod UDP port not served');
      this.log(entry, p, `listen udp ${p.ip}:${p.port}: ${err.message}`);
    });
    socket.on('message', (msg, from) => {
      socket.send(msg, from.port, from.address);
      this.log(entry, p, `${hostPort(from.address, from.port)} udp ${msg.length} bytes echoed`);
    });
    socket.bind(p.port, p.ip, () => this.log(entry, p, `Listening on udp ${hostPort(p.ip, p.port)}`));
    return socket;
  }
}

/** `ip:port`, `[ip]:port` for IPv6 (Go's net.JoinHostPort). */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
