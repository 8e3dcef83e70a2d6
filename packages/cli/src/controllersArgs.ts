/**
 * Parses `miniplane controllers` command lines (the controllers alone, against a running
 * server). Pure: returns data, prints nothing. Flag names follow kube-controller-manager's.
 */
import { parseDuration } from '@miniplane/api/goDuration';
import type { ControllersOptions } from '@miniplane/controllers';

/** The EndpointSlice and Endpoints controllers' flags, on both `up` and `controllers` (set only when given). */
export interface EndpointSliceFlags {
  maxEndpointsPerSlice?: number;
  endpointSliceUpdatesBatchPeriodMs?: number;
  concurrentServiceEndpointSyncs?: number;
  /** Endpoints controller: kube's `--concurrent-endpoint-syncs` / `--endpoint-updates-batch-period`. */
  concurrentEndpointSyncs?: number;
  endpointUpdatesBatchPeriodMs?: number;
}

export const endpointSliceFlagsHelp = `  --max-endpoints-per-slice N
                       EndpointSlice controller: endpoints per slice (default 100, at most 1000)
  --endpointslice-updates-batch-period D
                       EndpointSlice controller: wait D after a pod change so a burst of
                       changes is written together (default 0)
  --concurrent-service-endpoint-syncs N
                       Services the EndpointSlice controller syncs at once (default 5)
  --concurrent-endpoint-syncs N
                       Services the Endpoints controller syncs at once (default 5)
  --endpoint-updates-batch-period D
                       Endpoints controller: wait D after a pod change so a burst of changes
                       is written together (default 0)`;

/** Takes one EndpointSlice or Endpoints controller flag into `out`; false if `flag` is not one. */
export function endpointSliceFlag(flag: string, value: () => string, out: EndpointSliceFlags): boolean {
  if (flag === '--max-endpoints-per-slice') out.maxEndpointsPerSlice = wholeNumber(flag, value());
  else if (flag === '--endpointslice-updates-batch-period') out.endpointSliceUpdatesBatchPeriodMs = parseDuration(value());
  else if (flag === '--concurrent-service-endpoint-syncs') out.concurrentServiceEndpointSyncs = wholeNumber(flag, value());
  else if (flag === '--concurrent-endpoint-syncs') out.concurrentEndpointSyncs = wholeNumber(flag, value());
  else if (flag === '--endpoint-updates-batch-period') out.endpointUpdatesBatchPeriodMs = parseDuration(value());
  else return false;
  return true;
}

export interface ControllersArgs extends EndpointSliceFlags, NodeEvictionFlags, PodGcFlags {
  /** kube's `--controllers` list (`*`, `name`, `-name`), passed on as given (startControllers checks the names). */
  controllers?: string;
  /** Default: $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  identity?: string;
  /** Comma-separated CIDRs or START-END ranges, passed on as given (startControllers checks them). */
  loadBalancerIPRange?: string;
  serviceNodePortRange?: string;
  leaderElect: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  repairIntervalMs?: number;
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  /** Node lifecycle: `--node-monitor-grace-period` / `--node-monitor-period` in ms. */
  nodeMonitorGracePeriodMs?: number;
  nodeMonitorPeriodMs?: number;
}

/** The node lifecycle flags, in both usages. */
export const nodeMonitorFlagsHelp = `  --node-monitor-grace-period D, --node-monitor-period D
                       node lifecycle: a node whose Lease is older than the grace period goes
                       Unknown (default 40s), checked every period (default 5s)
  --node-startup-grace-period D
                       node lifecycle: the grace period of a node that never posted its Ready
                       condition (default 1m0s)
  --node-eviction-rate R, --secondary-node-eviction-rate R
                       node lifecycle: nodes per second per zone whose NoExecute taint (what
                       evicts their pods) may be added (default 0.1), and in a partially
                       disrupted zone larger than the threshold (default 0.01)
  --large-cluster-size-threshold N, --unhealthy-zone-threshold F
                       a zone is large above N nodes (default 50) and partially disrupted when
                       more than 2 and at least F of its nodes are not Ready (default 0.55)`;

/** Node lifecycle: kube's eviction rate flags (passed on as given; startControllers checks them). */
export interface NodeEvictionFlags {
  nodeStartupGracePeriodMs?: number;
  nodeEvictionRate?: number;
  secondaryNodeEvictionRate?: number;
  largeClusterSizeThreshold?: number;
  unhealthyZoneThreshold?: number;
}

/** Takes one node lifecycle eviction flag into `out`; false if `flag` is not one. */
export function nodeEvictionFlag(flag: string, value: () => string, out: NodeEvictionFlags): boolean {
  if (flag === '--node-eviction-rate') out.nodeEvictionRate = decimal(flag, value());
  else if (flag === '--node-startup-grace-period') out.nodeStartupGracePeriodMs = parseDuration(value());
  else if (flag === '--secondary-node-eviction-rate') out.secondaryNodeEvictionRate = decimal(flag, value());
  else if (flag === '--large-cluster-size-threshold') out.largeClusterSizeThreshold = wholeNumber(flag, value());
  else if (flag === '--unhealthy-zone-threshold') out.unhealthyZoneThreshold = decimal(flag, value());
  else return false;
  return true;
}

/** The pod garbage collector's flag, in both usages. */
export interface PodGcFlags {
  /** kube's `--terminated-pod-gc-threshold` (int32; 0 or less turns that collection off). */
  terminatedPodGcThreshold?: number;
}

export const podGcFlagsHelp = `  --terminated-pod-gc-threshold N
                       pod GC: terminated pods (Succeeded or Failed) kept before the oldest
                       are deleted; 0 or less keeps them all (default 12500)`;

/** Takes the pod GC flag into `out`; false if `flag` is not it. */
export function podGcFlag(flag: string, value: () => string, out: PodGcFlags): boolean {
  if (flag !== '--terminated-pod-gc-threshold') return false;
  const v = value();
  if (!/^-?\d+$/.test(v) || Math.abs(Number(v)) > 2 ** 31 - 1) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: want an int32`);
  out.terminatedPodGcThreshold = Number(v);
  return true;
}

function decimal(flag: string, v: string): number {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: want a number`);
  return Number(v);
}

/** The text of `--controllers` in both usages. */
export const controllersFlagHelp = `which controllers run, as kube-controller-manager's flag: '*' runs every
                       controller not disabled by default, 'foo' enables foo, '-foo' disables it
                       (default '*'; e.g. '*,-loadbalancer'). Controllers (alias in brackets):
                       service-allocator-repair-controller [repair], miniplane-lb-controller
                       [loadbalancer], service-cidr-controller [servicecidr],
                       endpointslice-mirroring-controller [endpointslicemirroring],
                       node-ipam-controller [nodeipam], replicaset-controller [replicaset],
                       endpointslice-controller [endpointslice], endpoints-controller [endpoint],
                       pod-garbage-collector [podgc]`;

export const controllersUsage = `Usage: miniplane controllers [--kubeconfig PATH] [--identity ID] [--controllers LIST] [--load-balancer-ip-range RANGE[,RANGE...]]
                             [--service-node-port-range MIN-MAX] [--leader-elect=BOOL]
                             [--leader-elect-lease-duration D] [--leader-elect-renew-deadline D]
                             [--leader-elect-retry-period D] [--repair-interval D]
                             [--cluster-cidr CIDR[,CIDR]] [--node-cidr-mask-size N]
                             [--max-endpoints-per-slice N] [--endpointslice-updates-batch-period D]
                             [--concurrent-service-endpoint-syncs N] [--concurrent-endpoint-syncs N]
                             [--endpoint-updates-batch-period D] [--terminated-pod-gc-threshold N]

  Runs only the controllers against an existing server, behind leader election on the Lease
  kube-system/miniplane-controllers. Durations are Go's (1500ms, 15s, 3m).

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
  --identity ID        leader election identity (default HOSTNAME_UUID)
  --controllers LIST   ${controllersFlagHelp}
  --load-balancer-ip-range RANGE[,RANGE...]
                       LoadBalancer IP pool: CIDRs or START-END ranges of either family; with
                       both, dual-stack Services get one address per IP family
                       (default 198.51.100.0/24; e.g. 198.51.100.0/24,2001:db8:5::/112)
  --service-node-port-range MIN-MAX
                       the server's NodePort range, for repair (default 30000-32767)
  --leader-elect=BOOL  campaign for the Lease before running (default true)
  --leader-elect-lease-duration D   (default 15s)
  --leader-elect-renew-deadline D   (default 10s)
  --leader-elect-retry-period D     (default 2s)
  --repair-interval D  between repair passes (default 3m)
  --cluster-cidr CIDR[,CIDR]
                       node IPAM: the pod network podCIDRs are cut from (default 10.244.0.0/16)
  --node-cidr-mask-size N
                       node IPAM: size of each node's IPv4 podCIDR (default 24)
${nodeMonitorFlagsHelp}
${podGcFlagsHelp}
${endpointSliceFlagsHelp}
`;

export { parseDuration };

export function wholeNumber(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`invalid value ${JSON.stringify(v)} for ${flag}: want a whole number`);
  return Number(v);
}

/**
 * Walks `--flag value` and `--flag=value` arguments, handing each to `take` (false: unknown flag;
 * `value()` reads the argument, refusing a missing or empty one). Returns the first error's text.
 */
export function scanFlags(argv: readonly string[], take: (flag: string, value: () => string, inline: string | undefined) => boolean): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`flag needs an argument: ${flag}`);
      return v;
    };
    try {
      if (!take(flag, value, inline)) return `unknown flag: ${a}`;
    } catch (e: unknown) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return undefined;
}

export function parseControllersArgs(argv: string[]): ControllersArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: ControllersArgs = { leaderElect: true };
  const error = scanFlags(argv, (flag, value, inline) => {
    if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--controllers') out.controllers = value();
    else if (flag === '--identity') out.identity = value();
    else if (flag === '--load-balancer-ip-range') out.loadBalancerIPRange = value();
    else if (flag === '--service-node-port-range') out.serviceNodePortRange = value();
    else if (flag === '--leader-elect') out.leaderElect = parseBool(flag, inline ?? 'true');
    else if (flag === '--leader-elect-lease-duration') out.leaseDurationMs = parseDuration(value());
    else if (flag === '--leader-elect-renew-deadline') out.renewDeadlineMs = parseDuration(value());
    else if (flag === '--leader-elect-retry-period') out.retryPeriodMs = parseDuration(value());
    else if (flag === '--repair-interval') out.repairIntervalMs = parseDuration(value());
    else if (flag === '--node-monitor-grace-period') out.nodeMonitorGracePeriodMs = parseDuration(value());
    else if (flag === '--node-monitor-period') out.nodeMonitorPeriodMs = parseDuration(value());
    else if (flag === '--cluster-cidr') out.clusterCIDR = value();
    else if (flag === '--node-cidr-mask-size') out.nodeCIDRMaskSize = wholeNumber(flag, value());
    else return endpointSliceFlag(flag, value, out) || nodeEvictionFlag(flag, value, out) || podGcFlag(flag, value, out);
    return true;
  });
  if (error) return { error };
  return out;
}

export function parseBool(flag: string, v: string): boolean {
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(v)) return false;
  throw new Error(`invalid boolean value ${JSON.stringify(v)} for ${flag}`);
}

/** The controllers' settings both `up` and `controllers` take from their flags, as startControllers options. */
export function controllerFlagOptions(f: Pick<ControllersArgs, 'controllers' | 'loadBalancerIPRange' | 'serviceNodePortRange' | 'clusterCIDR' | 'nodeMonitorGracePeriodMs' | 'nodeMonitorPeriodMs' | 'nodeStartupGracePeriodMs' | 'nodeEvictionRate' | 'secondaryNodeEvictionRate' | 'largeClusterSizeThreshold' | 'unhealthyZoneThreshold' | 'nodeCIDRMaskSize' | 'maxEndpointsPerSlice' | 'endpointSliceUpdatesBatchPeriodMs' | 'concurrentServiceEndpointSyncs' | 'concurrentEndpointSyncs' | 'endpointUpdatesBatchPeriodMs' | 'terminatedPodGcThreshold'>): ControllersOptions {
  return {
    controllers: f.controllers,
    loadBalancerIPRange: f.loadBalancerIPRange,
    serviceNodePortRange: f.serviceNodePortRange,
    clusterCIDR: f.clusterCIDR,
    nodeMonitorGracePeriodMs: f.nodeMonitorGracePeriodMs,
    nodeMonitorPeriodMs: f.nodeMonitorPeriodMs,
    nodeStartupGracePeriodMs: f.nodeStartupGracePeriodMs,
    nodeEvictionRate: f.nodeEvictionRate,
    secondaryNodeEvictionRate: f.secondaryNodeEvictionRate,
    largeClusterSizeThreshold: f.largeClusterSizeThreshold,
    unhealthyZoneThreshold: f.unhealthyZoneThreshold,
    nodeCIDRMaskSize: f.nodeCIDRMaskSize,
    maxEndpointsPerSlice: f.maxEndpointsPerSlice,
    endpointSliceUpdatesBatchPeriodMs: f.endpointSliceUpdatesBatchPeriodMs,
    concurrentServiceEndpointSyncs: f.concurrentServiceEndpointSyncs,
    concurrentEndpointSyncs: f.concurrentEndpointSyncs,
    endpointUpdatesBatchPeriodMs: f.endpointUpdatesBatchPeriodMs,
    terminatedPodGcThreshold: f.terminatedPodGcThreshold,
  };
}
