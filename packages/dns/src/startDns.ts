/**
 * startDns: the DNS component (`miniplane dns`, and in-process in `miniplane up --dns` /
 * `--dataplane`): CoreDNS's kubernetes plugin, serving the cluster's DNS records over UDP and TCP
 * from informer caches, reaching the apiserver only through its API.
 *
 * Contract
 * - Watches Services, EndpointSlices (discovery.k8s.io/v1) and Namespaces; listens once the caches
 *   have synced (so the first answer is already right), on `listen` (default 127.0.0.1:1053, UDP
 *   and TCP on the same port; port 0 picks a free one). Answers follow dnsAnswer.ts for the zone
 *   `clusterDomain` (when not given: the zone of kube-system/coredns's Corefile, read once the
 *   caches have synced (corefileDomain.ts), else cluster.local) and the reverse zones, TTL `ttl` (default 5 s); any
 *   change seen moves the SOA serial to the current time (unix seconds) and ends the reply cache's
 *   generation (a repeated question is answered from the cache until the next change).
 * - Serves `/metrics` over HTTP (dnsMetrics.ts: CoreDNS's prometheus plugin names) on
 *   `metricsListen` (default: the DNS host, port 9153; a free port when the DNS port is 0).
 * - With `publishEndpoints`, once listening it publishes its address as a `kube-dns` endpoint
 *   (dnsEndpoints.ts; ports dns, dns-tcp and metrics) and removes it first at stop.
 * - No leader election: every replica answers (as CoreDNS). `stop()` closes the sockets, then the
 *   watches (idempotent).
 * Upstream: coredns plugin/kubernetes (controller.go dnsControl, handler.go), Corefile
 *           `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure }`
 */
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Service } from '@miniplane/api/service/types';
import { RestClient, SharedInformer, listWatch, loadKubeconfig, realClock, type Clock, type RestConfig } from '@miniplane/client';
import { corefileDomain } from './corefileDomain.js';
import { answerQuestion, defaultClusterDomain, defaultTTL } from './dnsAnswer.js';
import { dnsEndpointSlice, publishDnsEndpoints } from './dnsEndpoints.js';
import { DnsMetrics, startMetricsServer } from './dnsMetrics.js';
import { splitHostPort, startDnsServer } from './dnsServer.js';
import { serviceIndexers, sliceIndexers, type DnsView } from './dnsView.js';

export const defaultDnsListen = '127.0.0.1:1053';
/** CoreDNS's prometheus plugin listens on localhost:9153 (the kube-dns Service's `metrics` port). */
export const defaultMetricsPort = 9153;
const serviceInfo = findResourceByKind('v1', 'Service')!;
const sliceInfo = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
const namespaceInfo = findResourceByKind('v1', 'Namespace')!;

export interface DnsOptions {
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  listen?: string;
  /** The zone; when not given, the one kube-system/coredns's Corefile names, else cluster.local. */
  clusterDomain?: string;
  ttl?: number;
  maxTcpConnections?: number;
  tcpIdleTimeoutMs?: number;
  /**
   * Publish the listen address as an endpoint of `kube-system/kube-dns` (an EndpointSlice of its
   * own, dnsEndpoints.ts), so the Service's ClusterIP:53 reaches it through the proxy; removed at
   * stop. `up --dataplane` sets it. Default false.
   */
  publishEndpoints?: boolean;
  /**
   * Where `/metrics` (CoreDNS's prometheus plugin, dnsMetrics.ts) is served, HOST:PORT; default
   * the DNS listen host on CoreDNS's port 9153, or a free port when the DNS port asked is 0; ''
   * for no metrics listener.
   */
  metricsListen?: string;
  /** The metrics port on the DNS listen host, when `metricsListen` is not given (0: a free one). */
  metricsPort?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningDns {
  /** Where it answers, as HOST:PORT (the port chosen when 0 was asked). */
  readonly address: string;
  readonly port: number;
  /** The port `/metrics` is served on (undefined without a metrics listener). */
  readonly metricsPort?: number;
  readonly server: string;
  stop(): Promise<void>;
}

export async function startDns(o: DnsOptions = {}): Promise<RunningDns> {
  const logger = (o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2))).child({ component: 'dns' });
  const clock = o.clock ?? realClock;
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new RestClient({ config: { userAgent: `coredns/${hostname()}`, ...config! } });
  const services = new SharedInformer<Service>({ listerWatcher: listWatch(client.resource<Service>(serviceInfo)), name: 'services', indexers: serviceIndexers, clock, logger });
  const slices = new SharedInformer<EndpointSlice>({ listerWatcher: listWatch(client.resource<EndpointSlice>(sliceInfo)), name: 'endpointslices', indexers: sliceIndexers, clock, logger });
  const namespaces = new SharedInformer<KubeObject>({ listerWatcher: listWatch(client.resource<KubeObject>(namespaceInfo)), name: 'namespaces', clock, logger });
  const informers = [services, slices, namespaces];
  let serial = Math.floor(clock.now() / 1000);
  let generation = 0;
  const touch = () => {
    serial = Math.floor(clock.now() / 1000);
    generation++;
  };
  for (const inf of informers) (inf as SharedInformer<KubeObject>).addEventHandler({ onAdd: touch, onUpdate: touch, onDelete: touch });
  const view: DnsView = { services: services.store, slices: slices.store, namespaces: namespaces.store, serial: () => serial };
  const stopping = new AbortController();
  const stopInformers = async () => {
    stopping.abort();
    await Promise.all(informers.map((i) => i.stop()));
    if (ownClient) client.close();
  };
  try {
    await Promise.all(informers.map((i) => i.start()));
    const synced = await Promise.all(informers.map((i) => i.waitForCacheSync(stopping.signal)));
    if (!synced.every(Boolean)) throw new Error('dns: caches did not sync');
    const fromCluster = o.clusterDomain === undefined ? await corefileDomain(client, stopping.signal) : undefined;
    if (fromCluster && !fromCluster.domain) logger[fromCluster.missing ? 'info' : 'warn']({ reason: fromCluster.source, zone: defaultClusterDomain }, 'no cluster domain in the cluster: serving the default');
    const zone = o.clusterDomain ?? fromCluster?.domain ?? defaultClusterDomain;
    const ttl = o.ttl ?? defaultTTL;
    const listen = splitHostPort(o.listen ?? defaultDnsListen);
    const metricsAt = o.metricsListen === undefined ? { host: listen.host, port: o.metricsPort ?? (listen.port === 0 ? 0 : defaultMetricsPort) } : o.metricsListen === '' ? undefined : splitHostPort(o.metricsListen);
    const metrics = metricsAt ? new DnsMetrics([zone, 'in-addr.arpa', 'ip6.arpa']) : undefined;
    const dns = await startDnsServer({
      listen: o.listen ?? defaultDnsListen, logger, maxTcpConnections: o.maxTcpConnections, tcpIdleTimeoutMs: o.tcpIdleTimeoutMs,
      answer: (q) => answerQuestion(view, q, { zone, ttl }), generation: () => generation, metrics,
    });
    const scrape = metrics && metricsAt ? await startMetricsServer(metrics, metricsAt.host, metricsAt.port, logger).catch(async (err: unknown) => {
      await dns.close();
      throw err;
    }) : undefined;
    const address = dns.host.includes(':') ? `[${dns.host}]:${dns.port}` : `${dns.host}:${dns.port}`;
    logger.info({ address, zone, zoneFrom: o.clusterDomain !== undefined ? 'option' : fromCluster?.domain ? fromCluster.source : 'default', metricsPort: scrape?.port }, 'serving DNS');
    const published = o.publishEndpoints ? publishDnsEndpoints({ client, slices, want: dnsEndpointSlice(dns.host, dns.port, undefined, scrape?.port), logger }) : undefined;
    let stopped: Promise<void> | undefined;
    return {
      address, port: dns.port, metricsPort: scrape?.port, server: client.config.server,
      stop: () => (stopped ??= (async () => {
        await published?.stop();
        await scrape?.close();
        await dns.close();
        await stopInformers();
      })()),
    };
  } catch (err: unknown) {
    await stopInformers();
    throw err;
  }
}
