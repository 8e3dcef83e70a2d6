/**
 * Starts miniplane's API server: opens the store (a SQLite file under the data dir, or memory),
 * builds the app, listens, writes the kubeconfig, runs compaction. The only place that listens.
 *
 * Contract: `startServer` resolves once the server accepts connections; `close()` ends every
 * watch, stops listening and closes the store (idempotent). Listens on 127.0.0.1 unless told.
 */
import type { Registry } from 'prom-client';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { PathNotFound, ApiError, Unauthorized, newBuiltinScheme, type Scheme } from '@miniplane/api';
import { buildApp } from './app.js';
import { realEnvironment, type Environment } from './registry/environment.js';
import { ResourceRegistry } from './registry/resourceRegistry.js';
import { createServiceAllocation } from './registry/serviceBootstrap.js';
import { strategyKey, type StrategyTable } from './registry/strategyTable.js';
import { podAdmission, type PodAdmissionOptions } from './registry/podAdmission.js';
import { parseRequestInfo } from './http/requestInfo.js';
import { wireJson } from './http/wireJson.js';
import { planWatch, runWatch } from './http/watch.js';
import { wsSink } from './http/watchTransport.js';
import { isWebSocketUpgrade, servePlain } from './http/plainUpgrade.js';
import { bool, type Query } from './http/query.js';
import { KvStore } from './storage/kvStore.js';
import { RevisionLog } from './storage/revisionLog.js';
import { SqliteDialect } from './storage/sqliteDialect.js';
import { TimeSlicer } from './timeSlicer.js';
import { WatchBudget } from './http/watchBudget.js';

/** The largest message a watch's WebSocket client may send. */
export const wsMaxPayloadBytes = 4096;
import { kubeconfigYaml } from './kubeconfig.js';
import { allowLoopbackEndpoints, parseLoopbackCIDRs } from '@miniplane/api/endpoints/loopbackEndpoints';
import type { ParsedCIDR } from '@miniplane/api/allocators/cidr';
import { listenRefusal, loadAuthentication } from './auth/serverAuth.js';
import { bearerToken, type TokenAuthenticator } from './auth/authentication.js';
import { servingCerts } from './tls/servingCerts.js';
import { onTlsClientError } from './tls/tlsClientError.js';
import { bearerProtocol, isBearerProtocol } from './auth/websocketProtocol.js';
import { crossOriginRefusal } from './auth/websocketOrigin.js';
import { allowedHosts, hostRefusal } from './auth/hostCheck.js';
import type { UiOptions } from './http/uiRoute.js';

export interface ServerOptions {
  /** prom-client registries served on /metrics after the server's own (the in-process controllers'). */
  metricsRegistries?: readonly Registry[];
  /** HOST:PORT, default 127.0.0.1:8080; port 0 picks a free one. */
  listen?: string;
  /** Where the SQLite file and the kubeconfig go (default `.miniplane`). */
  dataDir?: string;
  /** Keep objects in memory only (nothing survives a restart). */
  inMemory?: boolean;
  /** Write `<dataDir>/kubeconfig` (default true when a dataDir is given). */
  writeKubeconfig?: boolean;
  logger?: Logger;
  logLevel?: string;
  env?: Environment;
  /** `--service-cluster-ip-range`: one CIDR or an IPv4,IPv6 pair (default `10.96.0.0/12`). */
  serviceClusterIPRange?: string;
  /** `--service-node-port-range` (default `30000-32767`). */
  serviceNodePortRange?: string;
  /**
   * `up --dataplane`: CIDRs (comma-separated) whose loopback addresses Endpoints and EndpointSlices
   * may hold (the loopback cluster CIDR); kube refuses every loopback endpoint. Default: none.
   */
  loopbackEndpointCIDRs?: string;
  /**
   * `up --dataplane`: CIDRs (comma-separated) whose loopback addresses a Service's `externalIPs`
   * may hold (kube refuses every loopback external IP). Default: none.
   */
  loopbackExternalIPCIDRs?: string;
  /** The kinds served (default: the built-in ones); the server may register more into it while running. */
  scheme?: Scheme;
  /** Extra or replacement strategies, installed over the scheme's (after Service allocation's). */
  strategies?: (table: StrategyTable, registry: () => ResourceRegistry) => void;
  /** The ServiceAccount and DefaultTolerationSeconds pod admission (see registry/podAdmission.ts). */
  podAdmission?: PodAdmissionOptions;
  compactIntervalMs?: number;
  /** A watcher this many bytes of live events behind is disconnected (default 16 MiB). */
  watchMaxBufferedBytes?: number;
  /** The bound on every watch's unread bytes together; stalled watchers are cut over it (default 256 MiB). */
  watchMaxTotalBufferedBytes?: number;
  /** Period of BOOKMARK events for watches that allow them (default 60 s). */
  watchBookmarkIntervalMs?: number;
  /** The time to receive a whole request body, from its head; over it: 504 Timeout and the connection closed (default 60 s). */
  requestBodyTimeoutMs?: number;
  keepRevisions?: number;
  keepMillis?: number;
  /** `--tls`: HTTPS with a CA and serving certificate kept in the data dir (memory when inMemory), and bearer tokens. */
  tls?: boolean;
  /** `--token-auth-file`: kube's static token CSV, accepted besides the admin token (needs tls). */
  tokenAuthFile?: string;
  /** `--insecure-allow-anonymous`: serve plain HTTP without authentication off loopback too. */
  insecureAllowAnonymous?: boolean;
  /**
   * `--allowed-hosts`: without tls, the Host names answered besides loopback names, IP addresses
   * and the listen host (`.NAME`: that name and every name under it); see auth/hostCheck.ts.
   * With tls the Host is not checked.
   */
  allowedHosts?: readonly string[];
  /** Serve the live view at /ui (`up` passes it on loopback unless `--no-ui`); none: no /ui. */
  ui?: UiOptions;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  kubeconfigPath?: string;
  /** With tls: the CA that signed the serving certificate (PEM) and the admin bearer token. */
  caPem?: string;
  token?: string;
  registry: ResourceRegistry;
  log: RevisionLog;
  /** How many watches are open (HTTP and WebSocket). */
  watchCount(): number;
  /** Bytes queued for every watch and not read yet, and how many watches the total bound cut. */
  watchBuffers(): { unreadBytes: number; cut: number };
  /** A reset point: every object as stored now. */
  snapshot(): ResetPoint;
  /**
   * Back to a reset point (per-test isolation): every open watch ends as at a server timeout (the
   * client re-watches and sees the restore as events), the objects become the point's (as new
   * revisions), the Service IP and port allocations follow. The control plane's own Leases (in
   * kube-system and kube-node-lease) are left as they are, so leaders and node heartbeats carry on.
   */
  reset(point: ResetPoint): Promise<void>;
  close(): Promise<void>;
}

export type ResetPoint = ReturnType<KvStore['snapshot']>;

const leasesKept = /^\/coordination\.k8s\.io\/leases\/(kube-system|kube-node-lease)\//;

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!m) throw new Error(`invalid --listen ${JSON.stringify(listen)}: want HOST:PORT`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`invalid --listen port ${port}`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const logger = o.logger ?? pino({ level: o.logLevel ?? process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const { host, port } = parseListen(o.listen ?? '127.0.0.1:8080');
  const refusal = listenRefusal({ host, tls: o.tls, tokenAuthFile: o.tokenAuthFile, insecureAllowAnonymous: o.insecureAllowAnonymous });
  if (refusal) throw new Error(refusal);
  // Without tokens, only Hosts a DNS rebinding cannot forge are answered (auth/hostCheck.ts).
  const hosts = o.tls ? undefined : allowedHosts({ listenHost: host, ownName: hostname(), allowedHosts: o.allowedHosts });
  const env = o.env ?? realEnvironment;
  let registry: ResourceRegistry | undefined;
  // Parsed before anything is opened, so a bad range fails fast with kube's flag message.
  const services = createServiceAllocation({
    serviceClusterIPRange: o.serviceClusterIPRange,
    serviceNodePortRange: o.serviceNodePortRange,
    ...(o.loopbackExternalIPCIDRs ? { loopbackExternalIPs: parseLoopbackCIDRs(o.loopbackExternalIPCIDRs, 'loopback external IPs') } : {}),
    env,
    registry: () => registry!,
    logger: logger.child({ component: 'services' }),
  });
  const loopbackCIDRs = o.loopbackEndpointCIDRs ? parseLoopbackCIDRs(o.loopbackEndpointCIDRs) : undefined;
  const dataDir = o.dataDir === undefined ? undefined : resolve(o.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (!o.inMemory && !dataDir) throw new Error('a data dir is needed unless in memory');
  const keepDir = o.inMemory ? undefined : dataDir;
  const certs = o.tls ? await servingCerts({ dir: keepDir, host, now: () => env.now() }) : undefined;
  const auth = o.tls ? loadAuthentication({ dir: keepDir, tokenAuthFile: o.tokenAuthFile }) : undefined;
  const dialect = new SqliteDialect(o.inMemory ? ':memory:' : join(dataDir!, 'miniplane.db'));
  const log = new RevisionLog({ dialect, keepRevisions: o.keepRevisions, keepMillis: o.keepMillis, now: () => env.now().getTime() });
  const slicer = new TimeSlicer();
  const store = new KvStore(dialect, log);
  const scheme = o.scheme ?? newBuiltinScheme();
  const strategies: StrategyTable = new Map();
  services.register(strategies);
  const podKind = scheme.findResourceByKind('v1', 'Pod');
  if (podKind) strategies.set(strategyKey(podKind), podAdmission(scheme.strategy(podKind), () => registry!, o.podAdmission ?? {}));
  if (loopbackCIDRs) allowLoopback(scheme, strategies, loopbackCIDRs);
  o.strategies?.(strategies, () => registry!);
  registry = new ResourceRegistry(store, scheme, strategies, env);
  registry.bootstrap();
  services.bootstrap();

  const budget = new WatchBudget({ maxTotalBytes: o.watchMaxTotalBufferedBytes });
  const watchOptions = { maxBufferedBytes: o.watchMaxBufferedBytes, bookmarkIntervalMs: o.watchBookmarkIntervalMs, budget, slicer };
  const app = buildApp({ registry, logger: logger.child({ component: 'apiserver' }), watch: watchOptions, metricsRegistries: o.metricsRegistries,
    ...(certs ? { https: { key: certs.keyPem, cert: certs.certPem } } : {}), authenticator: auth?.authenticator,
    bodyTimeoutMs: o.requestBodyTimeoutMs, ui: o.ui, allowedHosts: hosts });
  app.fastify.server.on('tlsClientError', onTlsClientError(logger));
  // A watch client sends nothing but close and ping frames: a message above 4 KiB (fragments
  // included) closes the connection (1009) instead of being buffered (ws's default is 100 MiB).
  // ws is loaded on the first WebSocket watch, not at start.
  let wss: WebSocketServer | undefined;
  const wsServer = async (): Promise<WebSocketServer> =>
    (wss ??= new (await import('ws')).WebSocketServer({ noServer: true, maxPayload: wsMaxPayloadBytes, handleProtocols: (protocols) => [...protocols].find((p) => !isBearerProtocol(p)) ?? false }));
  const wsWatches = new Set<() => void>();
  app.fastify.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      const wrongHost = hosts && hostRefusal(req.headers.host, hosts);
      if (wrongHost) throw wrongHost;
      const url = new URL(req.url ?? '/', 'http://x');
      const user = auth ? authenticateUpgrade(auth.authenticator, req, url.pathname) : undefined;
      if (user instanceof ApiError) throw user;
      const ri = parseRequestInfo(url.pathname, scheme);
      const q = Object.fromEntries(url.searchParams) as Query;
      // Only a WebSocket watch is upgraded; anything else is served as the plain request it is.
      if (req.method !== 'GET' || !isWebSocketUpgrade(req) || !ri?.resource || ri.name || !bool(q, 'watch')) {
        return servePlain(app.fastify.server, req, socket, head);
      }
      const crossSite = crossOriginRefusal(req, { group: ri.resource.group, resource: ri.resource.plural });
      if (crossSite) throw crossSite;
      const plan = planWatch(ri.resource, ri.resource.namespaced ? ri.namespace : undefined, q, Math.random, scheme.fieldZeroValues(ri.resource));
      void wsServer().then(
        (server) => {
          if (closed) return socket.destroy();
          server.handleUpgrade(req, socket, head, (ws) => {
            const sink = wsSink(ws);
            const stop = runWatch(registry!, plan, sink, watchOptions);
            wsWatches.add(stop);
            sink.onClose(() => wsWatches.delete(stop));
          });
        },
        () => socket.destroy(),
      );
    } catch (e) {
      const status = e instanceof ApiError ? e.toStatus() : new PathNotFound().toStatus();
      const body = wireJson(status);
      // Close the socket once the answer is out (as ws's abortHandshake does): left half-open and
      // unread, a client that keeps sending holds it, and the server's close, forever.
      socket.on('error', () => socket.destroy());
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status.code} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
  });

  await app.fastify.listen({ host, port });
  const addr = app.fastify.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${certs ? 'https' : 'http'}://${urlHost}:${actualPort}`;
  let kubeconfigPath: string | undefined;
  if (dataDir && o.writeKubeconfig !== false) {
    kubeconfigPath = join(dataDir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigYaml(url, 'default', { caPem: certs?.caPem, token: auth?.adminToken }), { mode: 0o600 });
  }
  let compacting = false;
  let closed = false;
  const compactTimer = setInterval(() => {
    if (compacting) return;
    compacting = true;
    log
      .compactInSlices((step) =>
        slicer.run(() => {
          if (closed) throw new Error('server closed');
          return step();
        }),
      )
      .catch((err: unknown) => closed || logger.error({ err }, 'compaction failed'))
      .finally(() => (compacting = false));
  }, o.compactIntervalMs ?? 30_000);
  compactTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port: actualPort,
    kubeconfigPath,
    caPem: certs?.caPem,
    token: auth?.adminToken,
    registry,
    log,
    watchCount: () => app.watchCount() + wsWatches.size,
    watchBuffers: () => ({ unreadBytes: budget.totalBytes, cut: budget.cutCount }),
    snapshot: () => store.snapshot(),
    reset: async (point) => {
      app.endWatches();
      wsWatches.forEach((stop) => stop());
      store.restore(point, (key) => leasesKept.test(key));
      services.resync();
      // Committed now rather than at the group commit's next turn of the event loop (which, with
      // in-process controllers busy, waits behind all their I/O); a failed commit still rejects.
      const committed = log.settled();
      log.flush();
      await committed;
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(compactTimer);
        closed = true;
        app.endWatches();
        wsWatches.forEach((stop) => stop());
        for (const c of wss?.clients ?? []) c.terminate();
        await app.fastify.close();
        log.flush();
        dialect.close();
      })()),
  };
}

/**
 * The user of a WebSocket upgrade: its Authorization header, else kube's bearer subprotocol (see
 * auth/websocketProtocol.ts; a bad one is 401); on success the bearer protocol is dropped from the
 * request, so the server chooses among the others.
 */
function authenticateUpgrade(authenticator: TokenAuthenticator, req: IncomingMessage, path: string): ReturnType<TokenAuthenticator['authenticate']> {
  if (bearerToken(req.headers.authorization) !== undefined) return authenticator.authenticate(req.headers.authorization, path);
  const p = bearerProtocol(req.headers['sec-websocket-protocol']);
  if ('error' in p) return new Unauthorized();
  const user = authenticator.authenticate(p.token === undefined ? undefined : `Bearer ${p.token}`, path);
  if (!(user instanceof ApiError) && p.rest) req.headers['sec-websocket-protocol'] = p.rest.join(', ');
  return user;
}

/** `loopbackEndpointCIDRs`: the Endpoints and EndpointSlice strategies accept loopback IPs in `cidrs`. */
function allowLoopback(scheme: Scheme, table: StrategyTable, cidrs: ParsedCIDR[]): void {
  for (const [version, kind] of [['discovery.k8s.io/v1', 'EndpointSlice'], ['v1', 'Endpoints']] as const) {
    const info = scheme.findResourceByKind(version, kind);
    if (info) table.set(strategyKey(info), allowLoopbackEndpoints(kind, table.get(strategyKey(info)) ?? scheme.strategy(info), cidrs));
  }
}
