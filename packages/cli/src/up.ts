/**
 * `miniplane up` without the process around it: starts the API server, then the controllers,
 * the simulated nodes and the scheduler in-process against it (over TLS with the admin token when
 * `tls` is set), and waits until pods can be created. Used by the CLI (main.ts) and by the
 * in-process API of the `miniplane` package, so both start exactly the same control plane.
 *
 * Contract: resolves once the server serves and the `default` ServiceAccount exists (when the
 * serviceaccount controller runs); on a failure part-way, what was started is stopped before the
 * error is thrown. `stop()` stops everything in reverse order (idempotent).
 */
import { hostname } from 'node:os';
import { startServer, type RunningServer } from '@miniplane/apiserver';
import { RestClient, type RestConfig } from '@miniplane/client';
import { controllerMetricsRegistry, startControllers, type RunningControllers } from '@miniplane/controllers';
import { startNodes, type NodesOptions, type RunningNodes } from '@miniplane/nodes';
import { startScheduler, type RunningScheduler } from '@miniplane/scheduler';
import type { UpArgs } from './args.js';
import type { NodeFlags } from './nodesArgs.js';
import { capPodGracePeriod } from './gracePeriodCap.js';

export interface RunningPlane {
  server: RunningServer;
  /** How in-process clients reach the server (its URL, and with TLS the CA and admin token). */
  restConfig: RestConfig;
  controllers?: RunningControllers;
  stop(): Promise<void>;
}

export async function startPlane(parsed: UpArgs): Promise<RunningPlane> {
  // The in-process controllers' metrics are served on the apiserver's /metrics.
  const controllerMetrics = controllerMetricsRegistry();
  const server = await startServer({
    metricsRegistries: parsed.noControllers ? [] : [controllerMetrics],
    listen: parsed.listen,
    dataDir: parsed.dataDir,
    inMemory: parsed.inMemory,
    tls: parsed.tls,
    tokenAuthFile: parsed.tokenAuthFile,
    insecureAllowAnonymous: parsed.insecureAllowAnonymous,
    serviceClusterIPRange: parsed.serviceClusterIPRange,
    serviceNodePortRange: parsed.serviceNodePortRange,
    keepRevisions: parsed.compactionKeepRevisions,
    keepMillis: parsed.compactionKeepMs,
    podAdmission: {
      requireServiceAccounts: true,
      tolerationSeconds: { notReady: parsed.defaultNotReadyTolerationSeconds, unreachable: parsed.defaultUnreachableTolerationSeconds },
    },
    ...(parsed.gracePeriodSeconds !== undefined ? { strategies: capPodGracePeriod(parsed.gracePeriodSeconds) } : {}),
  });
  const restConfig: RestConfig = { server: server.url, ...(server.caPem ? { ca: server.caPem } : {}), ...(server.token ? { token: server.token } : {}) };
  // Stable across restarts of this server, so a restarted `up` resumes its own Lease at once.
  const identity = `${hostname()}_miniplane-up`;
  let running: RunningControllers | undefined;
  let simulated: RunningNodes | undefined;
  let scheduling: RunningScheduler | undefined;
  const stop = async (): Promise<void> => {
    await scheduling?.stop();
    await simulated?.stop();
    await running?.stop();
    await server.close();
  };
  try {
    if (!parsed.noControllers) {
      running = await startControllers({
        restConfig,
        controllers: parsed.controllers,
        clusterCIDR: parsed.clusterCIDR,
        nodeMonitorGracePeriodMs: parsed.nodeMonitorGracePeriodMs,
        nodeMonitorPeriodMs: parsed.nodeMonitorPeriodMs,
        nodeEvictionRate: parsed.nodeEvictionRate,
        secondaryNodeEvictionRate: parsed.secondaryNodeEvictionRate,
        largeClusterSizeThreshold: parsed.largeClusterSizeThreshold,
        unhealthyZoneThreshold: parsed.unhealthyZoneThreshold,
        nodeCIDRMaskSize: parsed.nodeCIDRMaskSize,
        maxEndpointsPerSlice: parsed.maxEndpointsPerSlice,
        endpointSliceUpdatesBatchPeriodMs: parsed.endpointSliceUpdatesBatchPeriodMs,
        concurrentServiceEndpointSyncs: parsed.concurrentServiceEndpointSyncs,
        concurrentEndpointSyncs: parsed.concurrentEndpointSyncs,
        endpointUpdatesBatchPeriodMs: parsed.endpointUpdatesBatchPeriodMs,
        metricsRegistry: controllerMetrics,
        loadBalancerIPRange: parsed.loadBalancerIPRange,
        serviceNodePortRange: parsed.serviceNodePortRange,
        identity,
      });
    }
    if (parsed.nodes !== 0) simulated = await startNodes({ restConfig, ...nodesOptions(parsed) });
    if (!parsed.noScheduler) scheduling = await startScheduler({ restConfig, identity });
    // Pods are refused until their namespace's `default` service account exists (kube's
    // ServiceAccount admission): ready once the controller has created it.
    if (running?.enabled.includes('serviceaccount-controller')) await waitForDefaultServiceAccount(restConfig);
  } catch (err: unknown) {
    await stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return { server, restConfig, controllers: running, stop: () => (stopping ??= stop()) };
}

async function waitForDefaultServiceAccount(config: RestConfig): Promise<void> {
  const client = new RestClient({ config });
  const until = Date.now() + 30_000;
  try {
    while (Date.now() < until) {
      const found = await client.request({ method: 'GET', path: '/api/v1/namespaces/default/serviceaccounts/default' }).then(() => true, () => false);
      if (found) return;
      await new Promise((done) => setTimeout(done, 5));
    }
  } finally {
    client.close();
  }
}

export function nodesOptions(f: NodeFlags): NodesOptions {
  const resources: NodesOptions['resources'] = {};
  if (f.nodeCPU) resources.cpu = f.nodeCPU;
  if (f.nodeMemory) resources.memory = f.nodeMemory;
  if (f.maxPods !== undefined) resources.pods = f.maxPods;
  return { nodes: f.nodes, firstNode: f.firstNode, nodeIPRange: f.nodeIPRange, podReadyDelayMs: f.podReadyDelayMs, resources, leaseDurationSeconds: f.leaseDurationSeconds };
}
