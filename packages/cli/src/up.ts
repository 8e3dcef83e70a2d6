/**
 * `miniplane up` without the process around it: starts the API server, then the controllers,
 * the simulated nodes and the scheduler in-process against it (over TLS with the admin token when
 * `tls` is set). Used by the CLI (main.ts) and by the in-process API of the `miniplane` package,
 * so both start exactly the same control plane.
 *
 * Contract: resolves once the server serves, pods can be created (the `default` ServiceAccounts of
 * the namespaces that exist are created in-process when the controllers run, as the
 * serviceaccount controller would) and the simulated nodes are registered. The controllers (their
 * flags checked before it resolves), the kubelets' informers and workers, and the scheduler start
 * just after, on the next macrotask, so
 * `up` prints its ready line first and start-up stays short; `background` settles once they have
 * started (rejects if the scheduler cannot). The controllers, nodes and scheduler modules are
 * imported on demand. On a failure part-way, what was started is stopped before the error is
 * thrown. `stop()` stops everything in reverse order (idempotent).
 * The controllers, the scheduler and the kubelets share one SharedInformerFactory (one Pod
 * informer, one Node informer... for the process, as kube-controller-manager shares one among its
 * controllers), its cached objects without managedFields; each component run alone has its own.
 */
import { hostname } from 'node:os';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { isLoopback, parseListen, startServer, type ResetPoint, type RunningServer, type UiOptions } from '@miniplane/apiserver';
import type { RestClient, RestConfig, SharedInformerFactory } from '@miniplane/client';
import { kubeletDefaults } from '@miniplane/api/componentConfig/index';
import type { ControllersOptions, RunningControllers } from '@miniplane/controllers';
import type { RunningDns } from '@miniplane/dns';
import type { RunningProxy } from '@miniplane/proxy';
import type { NodesOptions, RunningNodes } from '@miniplane/nodes';
import type { RunningScheduler } from '@miniplane/scheduler';
import type { UpArgs } from './args.js';
import { controllerFlagOptions } from './controllersArgs.js';
import { createDefaultServiceAccounts } from './defaultServiceAccounts.js';
import { writeCoreDnsConfigMap } from './coreDnsConfigMap.js';
import { createKubeDnsService } from './kubeDnsService.js';
import { defaultClusterCIDR, writeKubeProxyConfigMap } from './kubeProxyConfigMap.js';
import { writeKubeletConfigMap } from './kubeletConfigMap.js';
import type { NodeFlags } from './nodesArgs.js';
import { capPodGracePeriod } from './gracePeriodCap.js';
import { dataplaneLoopbackCIDRs, withDataplaneDefaults } from './dataplane.js';
import { startKubernetesEndpoints } from './kubernetesEndpoints.js';

export interface RunningPlane {
  server: RunningServer;
  /** How in-process clients reach the server (its URL, and with TLS the CA and admin token). */
  restConfig: RestConfig;
  controllers?: RunningControllers;
  /** The proxy, with --dataplane (listening before the plane resolves). */
  proxy?: RunningProxy;
  /** The DNS component, with --dns or --dataplane (answering before the plane resolves). */
  dns?: RunningDns;
  /** Whether the server serves the live view at /ui. */
  ui: boolean;
  /** Settles once the controllers and the scheduler have started after the plane resolved. */
  background: Promise<void>;
  /**
   * Back to a reset point of the server (see RunningServer.reset): the controllers are fenced
   * first (no write of theirs lands after it), a fresh manager starts after the restore and the
   * fenced one stops in the background (the nodes and the scheduler run on).
   */
  reset(point: ResetPoint): Promise<void>;
  stop(): Promise<void>;
}

export async function startPlane(flags: UpArgs): Promise<RunningPlane> {
  const parsed = withDataplaneDefaults(flags);
  // The in-process controllers' metrics are served on the apiserver's /metrics.
  const controllerMetrics = parsed.noControllers ? undefined : new Registry();
  const ui = uiOptions(parsed);
  const server = await startServer({
    metricsRegistries: controllerMetrics ? [controllerMetrics] : [],
    listen: parsed.listen,
    dataDir: parsed.dataDir,
    inMemory: parsed.inMemory,
    tls: parsed.tls,
    tokenAuthFile: parsed.tokenAuthFile,
    insecureAllowAnonymous: parsed.insecureAllowAnonymous,
    allowedHosts: parsed.allowedHosts,
    serviceClusterIPRange: parsed.serviceClusterIPRange,
    serviceNodePortRange: parsed.serviceNodePortRange,
    ...(parsed.dataplane ? { loopbackEndpointCIDRs: dataplaneLoopbackCIDRs(parsed), loopbackExternalIPCIDRs: parsed.externalIPRange } : {}),
    keepRevisions: parsed.compactionKeepRevisions,
    keepMillis: parsed.compactionKeepMs,
    podAdmission: {
      requireServiceAccounts: true,
      tolerationSeconds: { notReady: parsed.defaultNotReadyTolerationSeconds, unreachable: parsed.defaultUnreachableTolerationSeconds },
    },
    ...(parsed.gracePeriodSeconds !== undefined ? { strategies: capPodGracePeriod(parsed.gracePeriodSeconds) } : {}),
    ui,
  });
  const restConfig: RestConfig = { server: server.url, ...(server.caPem ? { ca: server.caPem } : {}), ...(server.token ? { token: server.token } : {}) };
  // Stable across restarts of this server, so a restarted `up` resumes its own Lease at once.
  const identity = `${hostname()}_miniplane-up`;
  let running: RunningControllers | undefined;
  /** Fenced managers of states before a reset, stopping. */
  const retiring = new Set<Promise<void>>();
  let simulated: RunningNodes | undefined;
  let scheduling: RunningScheduler | undefined;
  let dns: RunningDns | undefined;
  let proxy: RunningProxy | undefined;
  let apiEndpoints: { stop(): void } | undefined;
  // One informer per resource for the in-process components (created when the first asks).
  let shared: Promise<{ informers: SharedInformerFactory; client: RestClient }> | undefined;
  const sharedInformers = async (): Promise<SharedInformerFactory> => (await (shared ??= (async () => {
    const { RestClient: Client, SharedInformerFactory: Factory, stripManagedFields } = await import('@miniplane/client');
    const client = new Client({ config: { userAgent: `miniplane-up/${hostname()}/shared-informers`, ...restConfig } });
    const logger = pino({ level: process.env.MINIPLANE_LOG_LEVEL ?? 'warn' }, pino.destination(2));
    return { client, informers: new Factory({ client, logger, transform: stripManagedFields }) };
  })())).informers;
  let resolved!: () => void;
  const afterResolve = new Promise<void>((r) => (resolved = r));
  const background = afterResolve.then(async () => {
    if (parsed.noScheduler) return;
    const { startScheduler } = await import('@miniplane/scheduler');
    scheduling = await startScheduler({ restConfig, identity, informers: await sharedInformers() });
  });
  background.catch(() => {}); // the caller's to handle (main.ts ends `up` on it)
  const stop = async (): Promise<void> => {
    resolved();
    await background.catch(() => {});
    await scheduling?.stop();
    apiEndpoints?.stop();
    await dns?.stop();
    await proxy?.stop();
    await simulated?.stop();
    await running?.stop();
    await Promise.all(retiring);
    const own = await shared?.catch(() => undefined);
    await own?.informers.stop();
    own?.client.close();
    await server.close();
  };
  /** The controllers' options (the same at every start: first, and after a reset). */
  const controllerOptions = async (): Promise<ControllersOptions> => ({
    ...controllerFlagOptions(parsed),
    restConfig,
    informers: await sharedInformers(),
    metricsRegistry: controllerMetrics,
    identity,
  });
  try {
    // kubeadm's kube-system/kube-proxy ConfigMap, with the proxy's settings (proxy-rules reads it).
    writeKubeProxyConfigMap(server, {
      clusterCIDR: parsed.clusterCIDR ?? defaultClusterCIDR, mode: parsed.proxyMode ?? 'iptables', ipvsScheduler: parsed.ipvsScheduler ?? 'rr', masqueradeAll: false,
    });
    if (controllerMetrics) {
      // Pods are refused until their namespace's `default` service account exists (kube's
      // ServiceAccount admission): the first ones are made here, the controller makes the rest.
      createDefaultServiceAccounts(server);
      const { startControllers } = await import('@miniplane/controllers');
      running = await startControllers({ ...(await controllerOptions()), startAfter: afterResolve });
    }
    if (parsed.nodes !== 0) {
      const { startNodes } = await import('@miniplane/nodes');
      // Registered before the plane resolves; their informers and workers start after it.
      simulated = await startNodes({ restConfig, ...nodesOptions(parsed), informers: await sharedInformers(), startAfter: afterResolve });
    }
    if (parsed.dataplane) {
      apiEndpoints = startKubernetesEndpoints(server, (err) => process.stderr.write(`${JSON.stringify({ level: 40, component: 'kubernetes-endpoints', msg: String(err) })}\n`));
    }
    if (parsed.dns || parsed.dataplane) createKubeDnsService(server);
    // kubeadm's kube-system/kubelet-config: the cluster domain and DNS address, as clients read them.
    writeKubeletConfigMap(server, parsed.clusterDomain ?? kubeletDefaults.clusterDomain);
    if (parsed.dns || parsed.dataplane) {
      // kubeadm's kube-system/coredns: the zone the DNS serves, as CoreDNS reads it (and `miniplane dns` alone).
      writeCoreDnsConfigMap(server, parsed.clusterDomain ?? kubeletDefaults.clusterDomain);
      const { startDns } = await import('@miniplane/dns');
      // With --dataplane its address becomes kube-dns's endpoint: ClusterIP:53 reaches it through the proxy.
      dns = await startDns({ restConfig, listen: parsed.dnsListen, clusterDomain: parsed.clusterDomain ?? kubeletDefaults.clusterDomain, metricsPort: parsed.dnsMetricsPort, publishEndpoints: parsed.dataplane === true });
    }
    if (parsed.dataplane) {
      const { startProxy } = await import('@miniplane/proxy');
      proxy = await startProxy({ restConfig, mode: parsed.proxyMode, clusterCIDR: parsed.clusterCIDR });
    }
  } catch (err: unknown) {
    await stop();
    throw err;
  }
  // After the caller's continuation (the ready line) has run.
  setImmediate(resolved);
  let stopping: Promise<void> | undefined;
  const reset = async (point: ResetPoint): Promise<void> => {
    // The controllers of the old state are fenced (their writes refused from now on, those in
    // flight answered first), the store is restored, and a fresh manager starts over the restored
    // state (same identity: it takes the Lease at once) while the fenced one stops in the
    // background. Running on, the old caches would lag the restore by a different moment per
    // informer and act on both views (e.g. a ReplicaSet controller re-making a pod for a
    // ReplicaSet the reset deleted); stopping them first costs their drain (tens of ms).
    // The shared informers list afresh after the restore; the new manager's term waits for that.
    const old = running;
    await old?.fence();
    if (old) {
      const stopped: Promise<void> = old.stop().catch(() => {}).finally(() => retiring.delete(stopped));
      retiring.add(stopped);
    }
    await server.reset(point);
    if (!old || !controllerMetrics) return;
    controllerMetrics.clear();
    void (await shared)?.informers.relist();
    const { startControllers } = await import('@miniplane/controllers');
    running = await startControllers(await controllerOptions());
  };
  return { server, restConfig, ui: ui !== undefined, get controllers() { return running; }, dns, proxy, background, reset, stop: () => (stopping ??= stop()) };
}

/** The live view at /ui: on loopback unless `--no-ui`, elsewhere only with `--ui`; its files are imported on first use. */
export function uiOptions(f: Pick<UpArgs, 'ui' | 'listen' | 'maxEndpointsPerSlice'>): UiOptions | undefined {
  if (!(f.ui ?? isLoopback(parseListen(f.listen).host))) return undefined;
  // The page shows slices' fill out of the controller's maximum (kube's 100 when not given).
  return { assets: () => import('@miniplane/ui'), config: f.maxEndpointsPerSlice === undefined ? {} : { maxEndpointsPerSlice: f.maxEndpointsPerSlice } };
}

export function nodesOptions(f: NodeFlags): NodesOptions {
  const resources: NodesOptions['resources'] = {};
  if (f.nodeCPU) resources.cpu = f.nodeCPU;
  if (f.nodeMemory) resources.memory = f.nodeMemory;
  if (f.maxPods !== undefined) resources.pods = f.maxPods;
  return {
    nodes: f.nodes, firstNode: f.firstNode, nodeIPRange: f.nodeIPRange, podReadyDelayMs: f.podReadyDelayMs, resources, leaseDurationSeconds: f.leaseDurationSeconds,
    dataplane: f.dataplane, dataplaneMaxPods: f.dataplaneMaxPods,
  };
}
