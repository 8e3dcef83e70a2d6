/**
 * startNodes: the simulated nodes component (`miniplane nodes`, and in-process in `miniplane
 * up`): N kubelets named `node-<first>` ... sharing one Pod informer, one Node informer and one
 * pod work queue, reaching the apiserver only through its API.
 *
 * Contract
 * - Resolves once every Node is registered (with its Lease) and the informers are synced; with
 *   `startAfter` (up), once the Nodes are registered: the informers, pod workers and lease loop
 *   then start when that promise settles (it must settle, as `stop()` waits for it).
 *   Bad options (node IP range, resources) throw before anything is written.
 * - Leases are renewed every `leaseRenewMs` (default: a quarter of `leaseDurationSeconds`, as the
 *   kubelet: 10 s of 40 s); a failed renewal is logged and tried again next round.
 * - A pod is handled by the kubelet its `spec.nodeName` names (others are ignored); every
 *   change to it, and to its node's podCIDRs, queues it; a failed sync is retried rate limited.
 * - The Nodes' controls (stop/restart a kubelet, adopt a Node labelled as simulated, forget a
 *   deleted one) are obeyed as nodeControl.ts describes.
 * - Each kubelet keeps its containers' logs (one ContainerLogs for the component, in memory, lost
 *   when it exits) and serves them on its own loopback endpoint (kubeletServer.ts), closed while
 *   the kubelet is stopped; in `--dataplane` mode the pod servers' lines go to the logs too.
 * - `stop()` stops the queue, the lease loop and the informers; Nodes and Leases stay (the
 *   node lifecycle controller is what notices a silent node).
 * Upstream: kwok's node and pod simulation (sigs.k8s.io/kwok), pkg/kubelet
 */
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { findResourceByKind } from '@miniplane/api';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import {
  RateLimitingWorkQueue, RestClient, SharedInformerFactory, loadKubeconfig, metaNamespaceKey, realClock,
  type Clock, type HandlerRegistration, type RestConfig,
} from '@miniplane/client';
import { runWorker } from '@miniplane/controllers';
import { defaultNodeResources, nodeIP, nodeName, parseNodeIPRange, type NodeResources } from './nodeObject.js';
import { ContainerLogs } from './containerLog.js';
import { NodeControl } from './nodeControl.js';
import { SimulatedKubelet, nodeLeaseDurationSeconds } from './kubelet.js';
import { defaultDataplaneMaxPods, servePods } from './podServers.js';

export const defaultNodeIPRange = '172.18.0.0/24';
const byNode = 'spec.nodeName';

export interface NodesOptions {
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  /** How many nodes (default 3), named from `node-<firstNode>` (default 1). */
  nodes?: number;
  firstNode?: number;
  nodeIPRange?: string;
  resources?: Partial<NodeResources>;
  /** `--pod-ready-delay`: a started container turns Ready after this long (default 0). */
  podReadyDelayMs?: number;
  /** The kubelets' Lease duration (default 40 s); renewed every quarter of it unless `leaseRenewMs` says otherwise. */
  leaseDurationSeconds?: number;
  leaseRenewMs?: number;
  /**
   * `--dataplane`: each Running pod's container ports answer on podIP:port (podServers.ts), for
   * at most `dataplaneMaxPods` pods at once (default 500).
   */
  dataplane?: boolean;
  dataplaneMaxPods?: number;
  /** Syncs in flight at once (default 8). */
  workers?: number;
  /**
   * A SharedInformerFactory shared with other components of the process (`miniplane up`): the
   * kubelets take their Pod and Node informers from it and `stop()` only removes their handlers
   * (its owner stops it). Default: their own, stopped with them.
   */
  informers?: SharedInformerFactory;
  clock?: Clock;
  logger?: Logger;
  /** Start the informers, pod workers and lease loop once this settles (resolve after registering). */
  startAfter?: Promise<void>;
}

export interface RunningNodes {
  readonly names: string[];
  readonly server: string;
  stop(): Promise<void>;
}

export async function startNodes(o: NodesOptions = {}): Promise<RunningNodes> {
  const count = o.nodes ?? 3;
  const first = o.firstNode ?? 1;
  if (!Number.isInteger(count) || count < 0) throw new Error(`invalid --nodes ${count}: want a whole number`);
  if (o.leaseDurationSeconds !== undefined && !(Number.isInteger(o.leaseDurationSeconds) && o.leaseDurationSeconds > 0)) {
    throw new Error(`invalid --node-lease-duration-seconds ${o.leaseDurationSeconds}: want a whole number above 0`);
  }
  const range = parseNodeIPRange(o.nodeIPRange ?? defaultNodeIPRange);
  const resources = { ...defaultNodeResources, ...o.resources };
  const ips = Array.from({ length: count }, (_, k) => nodeIP(range, first + k));
  const logger = o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const clock = o.clock ?? realClock;
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new RestClient({ config: { userAgent: `kubelet/${hostname()}`, ...config! } });
  const log = logger.child({ component: 'kubelet' });
  const logs = new ContainerLogs({ clock });
  let podByKey: (key: string) => Pod | undefined = () => undefined; // the informer's, once it exists

  const newKubelet = (index: number, ip: string, name = nodeName(index)) =>
    new SimulatedKubelet({ client, index, name, ip, resources, leaseDurationSeconds: o.leaseDurationSeconds, podReadyDelayMs: o.podReadyDelayMs ?? 0, clock, logger: log.child({ node: name }),
      logs, pod: (ns, podName) => podByKey(`${ns}/${podName}`) });
  const kubelets = new Map(ips.map((ip, k) => {
    const kl = newKubelet(first + k, ip);
    return [kl.name, kl] as const;
  }));
  await forEachLimited([...kubelets.values()], 16, (k) => k.register());

  const stopping = new AbortController();
  const setPodByKey = (f: typeof podByKey): void => void (podByKey = f);
  const run = () => runKubelets({ o, client, clock, logger, log, logs, kubelets, first, range, newKubelet, setPodByKey, stopping });
  const started = o.startAfter ? o.startAfter.then(() => (stopping.signal.aborted ? undefined : run())) : Promise.resolve(await run());
  started.catch((err: unknown) => log.error({ err: String(err) }, 'kubelets failed to start'));
  let stopped: Promise<void> | undefined;
  return {
    names: [...kubelets.keys()],
    server: client.config.server,
    stop: () => (stopped ??= (async () => {
      stopping.abort();
      await (await started.catch(() => undefined))?.();
      await Promise.all([...kubelets.values()].map((k) => k.stopServing()));
      if (ownClient) client.close();
    })()),
  };
}

interface KubeletsContext {
  o: NodesOptions;
  client: RestClient;
  clock: Clock;
  logger: Logger;
  log: Logger;
  logs: ContainerLogs;
  kubelets: Map<string, SimulatedKubelet>;
  first: number;
  range: ReturnType<typeof parseNodeIPRange>;
  newKubelet: (index: number, ip: string, name?: string) => SimulatedKubelet;
  setPodByKey: (f: (key: string) => Pod | undefined) => void;
  stopping: AbortController;
}

/**
 * The registered kubelets' informers, pod work queue and workers, Node controls and lease loop;
 * resolves once the informers are synced (or `stopping` aborted), with the function that stops them.
 */
async function runKubelets({ o, client, clock, logger, log, logs, kubelets, first, range, newKubelet, setPodByKey, stopping }: KubeletsContext): Promise<() => Promise<void>> {
  // One Pod informer for all the kubelets of the process, indexed by node (kube's kubelets each
  // watch their own pods with a spec.nodeName field selector; here they share one cache).
  const factory = o.informers ?? new SharedInformerFactory({ client, clock, logger });
  const pods = factory.informerFor<Pod>(findResourceByKind('v1', 'Pod')!, {}, { [byNode]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) });
  const nodes = factory.informerFor<NodeObject>(findResourceByKind('v1', 'Node')!);
  setPodByKey((key) => pods.store.get(key));
  const queue = new RateLimitingWorkQueue<string>({ clock });
  const podsOf = (node: string) => pods.store.byIndex(byNode, node);
  const ours = (p: Pod) => !!p.spec?.nodeName && kubelets.has(p.spec.nodeName);
  const onNode = (n: NodeObject) => {
    const k = kubelets.get(n.metadata.name ?? '');
    const cidrs = n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];
    if (!k || k.podCIDRs.join() === cidrs.join()) return;
    k.podCIDRChanged(cidrs, podsOf(k.name));
    for (const p of podsOf(k.name)) queue.add(metaNamespaceKey(p));
  };
  await factory.start();
  const control = new NodeControl({
    id: nodeName(first), client, range, kubelets, signal: stopping.signal, logger: log,
    newKubelet: (name, index, ip) => newKubelet(index, ip, name),
    nodes: () => nodes.store.list(),
    started: (n) => {
      onNode(n);
      for (const p of podsOf(n.metadata.name ?? '')) queue.add(metaNamespaceKey(p));
    },
  });
  await Promise.all([pods.waitForCacheSync(stopping.signal), nodes.waitForCacheSync(stopping.signal)]);
  // Allocators first (rebuilt from every synced pod), then the pod handlers.
  const seen = (n: NodeObject) => {
    onNode(n);
    control.observe(n);
  };
  const registrations: HandlerRegistration[] = [nodes.addEventHandler({ onAdd: seen, onUpdate: (_, n) => seen(n), onDelete: (n) => control.gone(n) })];
  for (const n of nodes.store.list()) seen(n);
  registrations.push(pods.addEventHandler({
    onAdd: (p) => void (ours(p) && queue.add(metaNamespaceKey(p))),
    onUpdate: (_, p) => void (ours(p) && queue.add(metaNamespaceKey(p))),
    onDelete: (p) => {
      if (ours(p)) kubelets.get(p.spec.nodeName!)!.podGone(p);
    },
  }));
  for (const p of pods.store.list()) if (ours(p)) queue.add(metaNamespaceKey(p));
  const servers = o.dataplane
    ? servePods(pods, ours, o.dataplaneMaxPods ?? defaultDataplaneMaxPods, log, (p, container, line) => {
      // a late line of a pod already gone would start a log nobody drops
      if (pods.store.get(metaNamespaceKey(p))?.metadata.uid === p.metadata.uid) logs.append(p.metadata.uid ?? '', container, line);
    })
    : undefined;

  const sync = async (key: string): Promise<void> => {
    const pod = pods.store.get(key);
    if (!pod || !ours(pod) || control.isStopped(pod.spec.nodeName!)) return;
    const again = await kubelets.get(pod.spec.nodeName!)!.syncPod(pod);
    if (again !== undefined) queue.addAfter(key, again);
  };
  const workers = Array.from({ length: o.workers ?? 8 }, () => runWorker({ queue, sync, logger: log }));
  let renewing: Promise<void> = Promise.resolve();
  const renew = setInterval(() => {
    renewing = forEachLimited([...kubelets.values()], 16, async (k) => {
      if (stopping.signal.aborted || control.isStopped(k.name)) return;
      await k.renewLease().catch((err: unknown) => log.warn({ node: k.name, err: String(err) }, 'lease renewal failed'));
    });
  }, o.leaseRenewMs ?? (o.leaseDurationSeconds ?? nodeLeaseDurationSeconds) * 250);

  return async () => {
    clearInterval(renew);
    await renewing;
    queue.shutDown();
    await Promise.all(workers);
    await Promise.all([...kubelets.values()].map((k) => k.flush()));
    await Promise.all(registrations.map((r) => r.remove()));
    await servers?.stop();
    if (!o.informers) await factory.stop();
  };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
