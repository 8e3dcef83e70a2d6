/**
 * startControllers: miniplane's controller manager. Reaches the apiserver only through its HTTP
 * API; runs the controllers `--controllers` selects from the registry (manager/descriptors.ts)
 * over shared informers, behind leader election on the Lease `kube-system/miniplane-controllers`.
 *
 * Contract
 * - Resolves once the configuration is checked (controller names, kubeconfig, pool and port
 *   range — bad values throw here) and the election (or, with `leaderElect: false`, the controllers) has
 *   been launched. It never waits for leadership.
 * - Each term of leadership gets fresh informers (only the kinds the enabled controllers
 *   declare), waits for their caches, then starts the controllers; losing the Lease stops
 *   them and their informers, and the manager campaigns again. A process never runs two terms at once.
 *   With `informers` (a SharedInformerFactory of the process, as `miniplane up` passes) the
 *   terms take their informers from it and leave them running: a term ends by removing its handlers.
 * - `stop()` stops the controllers and informers first, then hands the Lease back (holder "")
 *   so a standby takes over without waiting for it to expire. Idempotent.
 * - `fence()` (a manager that made its own client): every later write of these controllers fails
 *   at once without reaching the server, and it resolves once the writes in flight are answered;
 *   their log goes quiet (the failures are the point). For an in-process reset: fence, restore,
 *   start a new manager with the same identity (it takes the Lease at once), stop this one.
 * - Timing defaults are client-go's and kube-controller-manager's: lease 15 s, renew deadline
 *   10 s, retry 2 s; repair every 3 min, leaks deleted after 60 s.
 * Upstream: cmd/kube-controller-manager/app/controllermanager.go (Run, leaderElectAndRun)
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { parsePortRange } from '@miniplane/api/allocators/index';
import { DEFAULT_LOAD_BALANCER_IP_RANGE, parseLoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import { loadKubeconfig, type RestClient, realClock, withWorkQueueMetricsProvider, type Clock, type RestConfig, type SharedInformerFactory, type WorkQueueMetricsProvider } from '@miniplane/client';
import type { RepairPassResult } from './repair/controller.js';
import { selectControllers, splitControllerFlag } from './manager/controllerSelection.js';
import { controllerDescriptors, type ControllerConfig, type ControllerDescriptor } from './manager/descriptors.js';
import { InformerFactory } from './manager/informerFactory.js';
import { FencedRestClient } from './manager/writeFence.js';
import { EndpointSliceMetrics } from './endpointSlice/metrics.js';
import { workQueueMetricsProvider } from './prometheusWorkQueueMetrics.js';
import type { Registry } from 'prom-client';
import { aborted, definedOnly, runLeaderElected } from './manager/leaderElected.js';
import { defaultClusterCIDR, parseClusterCIDRs } from './nodeIpam/nodeIpamPlan.js';
import { checkNodeEvictionFlags } from './nodeLifecycle/evictionFlags.js';
import { NodeLifecycleMetrics } from './nodeLifecycle/metrics.js';
import { PodGcMetrics } from './podGc/metrics.js';

export const leaseNamespace = 'kube-system';
export const leaseName = 'miniplane-controllers';

export interface ControllersOptions {
  /** Where the apiserver is: a kubeconfig file, a RestConfig, or a ready client (which wins). */
  kubeconfigPath?: string;
  restConfig?: RestConfig;
  client?: RestClient;
  /**
   * kube-controller-manager's `--controllers`: `*` (every controller not disabled by default),
   * `name` or an alias to enable one, `-name` to disable one (default `*`). Unknown names throw.
   */
  controllers?: string | readonly string[];
  /** The registry to select from (default: every miniplane controller). */
  descriptors?: readonly ControllerDescriptor[];
  /** Comma-separated CIDRs or START-END ranges, of either family (default 198.51.100.0/24). */
  loadBalancerIPRange?: string;
  /** Node IPAM: `--cluster-cidr` (one CIDR or an IPv4,IPv6 pair; default 10.244.0.0/16). */
  clusterCIDR?: string;
  /** Node IPAM: `--node-cidr-mask-size` for IPv4 (default 24; IPv6 subnets are /64). */
  nodeCIDRMaskSize?: number;
  /** EndpointSlice controller: kube's `--max-endpoints-per-slice` (default 100, 1 to 1000). */
  maxEndpointsPerSlice?: number;
  /** EndpointSlice controller: kube's `--endpointslice-updates-batch-period` in ms (default 0). */
  endpointSliceUpdatesBatchPeriodMs?: number;
  /** kube's `--concurrent-service-endpoint-syncs` (default 5, 1 to 50). */
  concurrentServiceEndpointSyncs?: number;
  /** Endpoints controller: kube's `--concurrent-endpoint-syncs` (default 5; kube checks no bound). */
  concurrentEndpointSyncs?: number;
  /** Endpoints controller: kube's `--endpoint-updates-batch-period` in ms (default 0). */
  endpointUpdatesBatchPeriodMs?: number;
  /**
   * A prom-client registry for the controllers' metrics (e.g. `controllerMetricsRegistry()`, also
   * served by the apiserver): the EndpointSlice controller's and every controller's work queue's.
   */
  metricsRegistry?: Registry;
  /** The apiserver's `--service-node-port-range` (default 30000-32767). */
  serviceNodePortRange?: string;
  /** Node lifecycle: kube's `--node-monitor-grace-period` in ms (default 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** Node lifecycle: kube's `--node-monitor-period` in ms (default 5 s). */
  nodeMonitorPeriodMs?: number;
  /** Node lifecycle: kube's `--node-startup-grace-period` in ms, for a node that never posted Ready (default 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** Node lifecycle: kube's `--node-eviction-rate` (nodes/s whose NoExecute taint may be added per zone; default 0.1). */
  nodeEvictionRate?: number;
  /** Node lifecycle: kube's `--secondary-node-eviction-rate` (a partially disrupted large zone; default 0.01). */
  secondaryNodeEvictionRate?: number;
  /** Node lifecycle: kube's `--large-cluster-size-threshold` (default 50). */
  largeClusterSizeThreshold?: number;
  /** Node lifecycle: kube's `--unhealthy-zone-threshold` (default 0.55). */
  unhealthyZoneThreshold?: number;
  /** Pod GC: kube's `--terminated-pod-gc-threshold` (default 12500; 0 or less turns that collection off). */
  terminatedPodGcThreshold?: number;
  /** Pod GC: between passes, and how long a missing node's pods wait before they go, in ms (kube's 20 s and 40 s; for tests). */
  podGcPeriodMs?: number;
  podGcQuarantineMs?: number;
  /**
   * A SharedInformerFactory shared with other components of the process (`miniplane up`: the
   * scheduler and kubelets use it too); its owner starts, relists and stops it. Default: each
   * term makes and stops its own.
   */
  informers?: SharedInformerFactory;
  /** Leader election identity and Event reportingInstance (default `<hostname>_<uuid>`). */
  identity?: string;
  leaderElect?: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  repairIntervalMs?: number;
  leakGracePeriodMs?: number;
  /** pino logger; children get `{component}`. Default: pino on stderr at MINIPLANE_LOG_LEVEL or warn. */
  logger?: Logger;
  clock?: Clock;
  onRepairPass?: (result: RepairPassResult) => void;
  /**
   * Campaign (and run) only once this resolves: the options are checked at once, so a bad flag
   * still fails the start, while the work waits (`miniplane up` prints its ready line first).
   */
  startAfter?: Promise<unknown>;
}

export interface RunningControllers {
  readonly identity: string;
  /** The apiserver URL in use. */
  readonly server: string;
  /** The names of the controllers `--controllers` selected. */
  readonly enabled: readonly string[];
  stop(): Promise<void>;
  /** Refuses every later write (see the contract); resolves once the writes in flight are answered. */
  fence(): Promise<void>;
}

export async function startControllers(o: ControllersOptions = {}): Promise<RunningControllers> {
  // Our own logger can be muted once fenced: the refused writes then fail by design.
  let muted = false;
  const stderr = o.logger ? undefined : pino.destination(2);
  const logger = o.logger ?? pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, { write: (line: string) => muted || stderr!.write(line) });
  const enabled = selectControllers(splitControllerFlag(o.controllers ?? '*'), o.descriptors ?? controllerDescriptors);
  const controllerConfig: ControllerConfig = {
    pool: parseLoadBalancerPools(o.loadBalancerIPRange ?? DEFAULT_LOAD_BALANCER_IP_RANGE),
    nodePortRange: parsePortRange(o.serviceNodePortRange ?? '30000-32767'),
    repairIntervalMs: o.repairIntervalMs, leakGracePeriodMs: o.leakGracePeriodMs, onRepairPass: o.onRepairPass,
    clusterCIDRs: parseClusterCIDRs(o.clusterCIDR ?? defaultClusterCIDR, o.nodeCIDRMaskSize ?? 24),
    ...checkEndpointSliceFlags(o),
    ...(o.metricsRegistry ? { endpointSliceMetrics: new EndpointSliceMetrics(o.metricsRegistry), nodeLifecycleMetrics: new NodeLifecycleMetrics(o.metricsRegistry), podGcMetrics: new PodGcMetrics(o.metricsRegistry) } : {}),
    ...checkPodGcFlags(o),
    nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriodMs, nodeMonitorPeriodMs: o.nodeMonitorPeriodMs,
    nodeEviction: checkNodeEvictionFlags(o), nodeStartupGracePeriodMs: o.nodeStartupGracePeriodMs,
  };
  const ownClient = !o.client;
  const config = o.restConfig ?? (o.client ? undefined : (await loadKubeconfig({ explicit: o.kubeconfigPath })).config);
  const client = o.client ?? new FencedRestClient({ config: { userAgent: 'miniplane-controllers', ...config! } });
  const identity = o.identity || `${hostname()}_${randomUUID()}`;
  const clock = o.clock ?? realClock;

  const queueMetrics = o.metricsRegistry ? workQueueMetricsProvider(o.metricsRegistry) : undefined;
  const term: TermContext = { client, enabled, config: controllerConfig, identity, clock, logger, queueMetrics, shared: o.informers };
  const runTerm = (signal: AbortSignal) => runControllers(term, signal);

  const stopping = new AbortController();
  const done = (o.startAfter ?? Promise.resolve()).then(() => runLeaderElected({
    client, namespace: leaseNamespace, name: leaseName, identity, clock, logger, leaderElect: o.leaderElect,
    leaseDurationMs: o.leaseDurationMs, renewDeadlineMs: o.renewDeadlineMs, retryPeriodMs: o.retryPeriodMs,
  }, stopping.signal, runTerm));
  let stopped: Promise<void> | undefined;
  return {
    identity,
    server: client.config.server,
    enabled: enabled.map((d) => d.name),
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await done;
        if (ownClient) client.close();
      })()),
    fence: async () => {
      if (!(client instanceof FencedRestClient)) throw new Error('fence: the controllers run on a client given to them');
      muted = true;
      await client.fence();
    },
  };
}

interface TermContext {
  client: RestClient;
  enabled: readonly ControllerDescriptor[];
  config: ControllerConfig;
  identity: string;
  clock: Clock;
  logger: Logger;
  /** The work queues the controllers construct record into it (client-go's SetProvider). */
  queueMetrics?: WorkQueueMetricsProvider;
  shared?: SharedInformerFactory;
}

/** One term: the enabled controllers' informers, then (once their caches are synced) the controllers, until `signal` aborts. */
async function runControllers(c: TermContext, signal: AbortSignal): Promise<void> {
  const { client, clock, identity, logger } = c;
  const informers = new InformerFactory({ client, clock, logger, shared: c.shared });
  for (const d of c.enabled) for (const k of d.informers) informers.want(k);
  await informers.start();
  const synced = await informers.waitForCacheSync(signal);
  const init = () => c.enabled.map((d) => d.init({ client, informers, identity, clock, logger: logger.child({ component: d.name }), config: c.config }));
  const controllers = !synced ? [] : c.queueMetrics ? withWorkQueueMetricsProvider(c.queueMetrics, init) : init();
  await Promise.all(controllers.map((x) => x.start()));
  if (controllers.length) logger.info({ component: 'manager', identity, controllers: c.enabled.map((d) => d.name) }, 'controllers started');
  await aborted(signal);
  await Promise.all(controllers.map((x) => x.stop()));
  await informers.stop();
}

/** kube-controller-manager's EndpointSliceControllerOptions.Validate, in its words. */
export function checkEndpointSliceFlags(o: Pick<ControllersOptions, 'maxEndpointsPerSlice' | 'endpointSliceUpdatesBatchPeriodMs' | 'concurrentServiceEndpointSyncs' | 'concurrentEndpointSyncs' | 'endpointUpdatesBatchPeriodMs'>): Partial<ControllerConfig> {
  const errors: string[] = [];
  const max = o.maxEndpointsPerSlice;
  if (max !== undefined && max < 1) errors.push(`endpoint-slice-max-endpoints-per-slice must not be less than 1, but got ${max}`);
  else if (max !== undefined && max > 1000) errors.push(`endpoint-slice-max-endpoints-per-slice must not be more than 1000, but got ${max}`);
  const syncs = o.concurrentServiceEndpointSyncs;
  if (syncs !== undefined && syncs < 1) errors.push(`concurrent-service-endpoint-syncs must not be less than 1, but got ${syncs}`);
  else if (syncs !== undefined && syncs > 50) errors.push(`concurrent-service-endpoint-syncs must not be more than 50, but got ${syncs}`);
  if (errors.length) throw new Error(errors.join('\n'));
  return definedOnly({
    maxEndpointsPerSlice: max, endpointSliceUpdatesBatchPeriodMs: o.endpointSliceUpdatesBatchPeriodMs, concurrentServiceEndpointSyncs: syncs,
    concurrentEndpointSyncs: o.concurrentEndpointSyncs, endpointUpdatesBatchPeriodMs: o.endpointUpdatesBatchPeriodMs,
  });
}

/** The pod GC's options: the threshold is kube's int32 (0 or less turns the terminated-pod collection off). */
export function checkPodGcFlags(o: Pick<ControllersOptions, 'terminatedPodGcThreshold' | 'podGcPeriodMs' | 'podGcQuarantineMs'>): Partial<ControllerConfig> {
  const t = o.terminatedPodGcThreshold;
  if (t !== undefined && !(Number.isInteger(t) && Math.abs(t) <= 2 ** 31 - 1)) throw new Error(`invalid value ${JSON.stringify(String(t))} for --terminated-pod-gc-threshold: want an int32`);
  return definedOnly({ terminatedPodGcThreshold: t, podGcPeriodMs: o.podGcPeriodMs, podGcQuarantineMs: o.podGcQuarantineMs });
}
