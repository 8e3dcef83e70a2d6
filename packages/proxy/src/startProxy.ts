/**
 * startProxy: the proxy component (`miniplane proxy`, and in-process in `miniplane up
 * --dataplane`), kube-proxy's job on loopback: watches Services, EndpointSlices and Nodes through
 * the API only and forwards connections to ClusterIPs, NodePorts (on every node's IP), LoadBalancer
 * ingress IPs and external IPs to endpoints, TCP (forwarder.ts) and UDP (udpForwarder.ts), as
 * the router chooses (router.ts, endpointPick.ts).
 *
 * Contract
 * - Resolves once the informers are synced and the first table is listened on.
 * - Every Service, EndpointSlice or Node event rebuilds the table on the next turn of the event
 *   loop (events in one turn coalesce), so an EndpointSlice change routes the next connection.
 * - One proxy serves every simulated node (they share the loopback); no leader election, as
 *   every kube-proxy runs. `stop()` closes its sockets and informers.
 * Upstream: cmd/kube-proxy/app/server.go, pkg/proxy/config/config.go
 */
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { findResourceByKind } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { NodeObject } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import type { KubeObject } from '@miniplane/api/types';
import { RestClient, SharedInformer, listWatch, loadKubeconfig, realClock, type Clock, type RestConfig } from '@miniplane/client';
import { Forwarder } from './forwarder.js';
import { Router } from './router.js';
import { UdpForwarder } from './udpForwarder.js';
import type { ProxyMode } from './endpointPick.js';
import { buildProxyTable } from './serviceTable.js';

export const proxyModes: readonly ProxyMode[] = ['iptables', 'ipvs'];

export interface ProxyOptions {
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  /** kube-proxy's `--cluster-cidr`: ClusterIP traffic from outside it is masqueraded (default: none). */
  clusterCIDR?: string;
  /** `--proxy-mode`: iptables (random, the default) or ipvs (round-robin). */
  mode?: string;
  random?: () => number;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningProxy {
  readonly server: string;
  readonly mode: ProxyMode;
  /** The frontends listened on (`TCP/ip:port`, `UDP/ip:port`). */
  listening(): string[];
  stop(): Promise<void>;
}

export function parseProxyMode(mode: string | undefined): ProxyMode {
  const m = mode ?? 'iptables';
  if (!(proxyModes as string[]).includes(m)) throw new Error(`invalid --proxy-mode ${JSON.stringify(m)}: want iptables or ipvs`);
  return m as ProxyMode;
}

export async function startProxy(o: ProxyOptions = {}): Promise<RunningProxy> {
  const mode = parseProxyMode(o.mode);
  const logger = (o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2))).child({ component: 'proxy' });
  const clock = o.clock ?? realClock;
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new RestClient({ config: { userAgent: `kube-proxy/${hostname()}`, ...config! } });
  const informer = <T extends KubeObject>(version: string, kind: string) => new SharedInformer<T>({
    listerWatcher: listWatch(client.resource<T>(findResourceByKind(version, kind)!)), name: kind, clock, logger,
  });
  const services = informer<Service>('v1', 'Service');
  const slices = informer<EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice');
  const nodes = informer<NodeObject>('v1', 'Node');
  const all = [services, slices, nodes] as SharedInformer<KubeObject>[];
  const router = new Router({ mode, random: o.random ?? Math.random, now: () => clock.now() });
  const forwarder = new Forwarder({ router, logger });
  const udp = new UdpForwarder({ router, logger, now: () => clock.now() });
  const stopping = new AbortController();
  await Promise.all(all.map((i) => i.start()));
  await Promise.all(all.map((i) => i.waitForCacheSync(stopping.signal)));
  const rebuild = () => {
    const table = buildProxyTable(services.store.list(), slices.store.list(), nodes.store.list(), { clusterCIDR: o.clusterCIDR });
    router.sync(table);
    forwarder.sync(table);
    udp.sync(table);
  };
  let pending = false;
  const changed = () => {
    if (pending || stopping.signal.aborted) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!stopping.signal.aborted) rebuild();
    });
  };
  for (const i of all) i.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  rebuild();
  let stopped: Promise<void> | undefined;
  return {
    server: client.config.server,
    mode,
    listening: () => [...forwarder.listening, ...udp.listening],
    stop: () => (stopped ??= (async () => {
      stopping.abort();
      await Promise.all(all.map((i) => i.stop()));
      await Promise.all([forwarder.stop(), udp.stop()]);
      if (ownClient) client.close();
    })()),
  };
}
