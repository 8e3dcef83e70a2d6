/**
 * The controllers of `miniplane controllers`, as kube-controller-manager's registry describes
 * them: a canonical name (kube's where kube has the controller), aliases accepted by
 * `--controllers`, whether `*` includes it, the informers it reads, the flags it takes, and how
 * to build it over the term's shared informers.
 *
 * Contract: `init` is called once per term, after every declared informer has synced, and must
 * only `get` informers its descriptor lists. The order here is the start order.
 * Upstream: cmd/kube-controller-manager/app/controllermanager.go (NewControllerDescriptors),
 *           cmd/kube-controller-manager/names/controller_names.go
 */
import type { PortRange } from '@miniplane/api/allocators/index';
import type { LoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { Clock, Logger, RestClient } from '@miniplane/client';
import { EndpointSliceController } from '../endpointSlice/controller.js';
import type { EndpointSliceMetrics } from '../endpointSlice/metrics.js';
import { EndpointsController } from '../endpoints/controller.js';
import { EndpointSliceMirroringController } from '../endpointSliceMirroring/controller.js';
import { LoadBalancerController } from '../loadBalancer/controller.js';
import { RepairController, type RepairPassResult } from '../repair/controller.js';
import { ServiceCIDRController } from '../serviceCIDR/controller.js';
import { NodeIPAMController } from '../nodeIpam/controller.js';
import { ReplicaSetController } from '../replicaSet/controller.js';
import { ServiceAccountController } from '../serviceAccount/controller.js';
import { DeploymentController } from '../deployment/controller.js';
import { GarbageCollector, gcKinds } from '../garbageCollector/controller.js';
import { NamespaceController } from '../namespace/controller.js';
import { StatefulSetController } from '../statefulSet/controller.js';
import { NodeLifecycleController } from '../nodeLifecycle/controller.js';
import type { EvictionConfig } from '../nodeLifecycle/zoneDisruption.js';
import type { NodeLifecycleMetrics } from '../nodeLifecycle/metrics.js';
import { PodGcController } from '../podGc/controller.js';
import type { PodGcMetrics } from '../podGc/metrics.js';
import { defaultClusterCIDR, parseClusterCIDRs, type ClusterCIDR } from '../nodeIpam/nodeIpamPlan.js';
import type { SelectableController } from './controllerSelection.js';
import type { InformerFactory, InformerKind } from './informerFactory.js';

/** What every controller is to the manager. */
export interface RunnableController {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The parsed flags the controllers read (startControllers checks them before any term). */
export interface ControllerConfig {
  pool: LoadBalancerPools;
  nodePortRange: PortRange;
  repairIntervalMs?: number;
  leakGracePeriodMs?: number;
  onRepairPass?: (result: RepairPassResult) => void;
  /** Node IPAM: parsed `--cluster-cidr` and `--node-cidr-mask-size` (default 10.244.0.0/16, /24). */
  clusterCIDRs?: readonly ClusterCIDR[];
  /** Node lifecycle: `--node-monitor-grace-period` and `--node-monitor-period` (default 40 s, 5 s). */
  nodeMonitorGracePeriodMs?: number;
  nodeMonitorPeriodMs?: number;
  /** Node lifecycle: `--node-eviction-rate` etc. (zoneDisruption.ts; kube's defaults when unset). */
  nodeEviction?: Partial<EvictionConfig>;
  /** Node lifecycle: `--node-startup-grace-period` (default 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** Created once per manager when it has a metrics registry. */
  nodeLifecycleMetrics?: NodeLifecycleMetrics;
  /** Pod GC: `--terminated-pod-gc-threshold` (default 12500, 0 = off), and its period and quarantine in ms (kube's 20 s, 40 s). */
  terminatedPodGcThreshold?: number;
  podGcPeriodMs?: number;
  podGcQuarantineMs?: number;
  /** Created once per manager when it has a metrics registry. */
  podGcMetrics?: PodGcMetrics;
  /** EndpointSlice controller: `--max-endpoints-per-slice` (default 100, 1-1000). */
  maxEndpointsPerSlice?: number;
  /** EndpointSlice controller: `--endpointslice-updates-batch-period` in ms (default 0). */
  endpointSliceUpdatesBatchPeriodMs?: number;
  /** `--concurrent-service-endpoint-syncs` (default 5, 1-50). */
  concurrentServiceEndpointSyncs?: number;
  /** Endpoints controller: `--concurrent-endpoint-syncs` (default 5) and `--endpoint-updates-batch-period` in ms (default 0). */
  concurrentEndpointSyncs?: number;
  endpointUpdatesBatchPeriodMs?: number;
  /** Created once per manager when it has a metrics registry. */
  endpointSliceMetrics?: EndpointSliceMetrics;
}

export interface ControllerContext {
  client: RestClient;
  informers: InformerFactory;
  identity: string;
  clock: Clock;
  /** Already a child with `{component: <descriptor name>}`. */
  logger: Logger;
  config: ControllerConfig;
}

export interface ControllerDescriptor extends SelectableController {
  informers: readonly InformerKind[];
  /** The `miniplane controllers` / `up` flags it reads (for usage and README). */
  flags: readonly string[];
  init(ctx: ControllerContext): RunnableController;
}

export const Services: InformerKind = ['v1', 'Service'];
export const IPAddresses: InformerKind = ['networking.k8s.io/v1', 'IPAddress'];
export const ServiceCIDRs: InformerKind = ['networking.k8s.io/v1', 'ServiceCIDR'];
export const EndpointsKind: InformerKind = ['v1', 'Endpoints'];
export const EndpointSlices: InformerKind = ['discovery.k8s.io/v1', 'EndpointSlice'];
export const Nodes: InformerKind = ['v1', 'Node'];

export const serviceControllerDescriptors: readonly ControllerDescriptor[] = [
  {
    name: 'service-allocator-repair-controller',
    aliases: ['repair'],
    informers: [Services, IPAddresses, ServiceCIDRs],
    flags: ['--service-node-port-range', '--repair-interval'],
    init: ({ client, informers, identity, clock, logger, config }) => new RepairController({
      client, services: informers.get(Services), ipAddresses: informers.get(IPAddresses), serviceCIDRs: informers.get(ServiceCIDRs),
      nodePortRange: config.nodePortRange, identity, clock, intervalMs: config.repairIntervalMs, leakGracePeriodMs: config.leakGracePeriodMs,
      onPass: config.onRepairPass, logger,
    }),
  },
  {
    name: 'miniplane-lb-controller',
    aliases: ['loadbalancer'],
    informers: [Services],
    flags: ['--load-balancer-ip-range'],
    init: ({ client, informers, identity, clock, logger, config }) =>
      new LoadBalancerController({ client, services: informers.get(Services), pool: config.pool, identity, clock, logger }),
  },
  {
    name: 'service-cidr-controller',
    aliases: ['servicecidr'],
    informers: [ServiceCIDRs, IPAddresses],
    flags: [],
    init: ({ client, informers, identity, clock, logger }) =>
      new ServiceCIDRController({ client, serviceCIDRs: informers.get(ServiceCIDRs), ipAddresses: informers.get(IPAddresses), identity, clock, logger }),
  },
  {
    name: 'endpointslice-mirroring-controller',
    aliases: ['endpointslicemirroring'],
    informers: [Services, EndpointsKind, EndpointSlices],
    flags: [],
    init: ({ client, informers, identity, clock, logger }) => new EndpointSliceMirroringController({
      client, services: informers.get(Services), endpoints: informers.get(EndpointsKind), endpointSlices: informers.get(EndpointSlices), identity, clock, logger,
    }),
  },
];

export const nodeIpamDescriptor: ControllerDescriptor = {
  name: 'node-ipam-controller',
  aliases: ['nodeipam'],
  informers: [Nodes],
  flags: ['--cluster-cidr', '--node-cidr-mask-size'],
  init: ({ client, informers, identity, clock, logger, config }) =>
    new NodeIPAMController({ client, nodes: informers.get(Nodes), clusterCIDRs: config.clusterCIDRs ?? parseClusterCIDRs(defaultClusterCIDR), identity, clock, logger }),
};

export const ReplicaSets: InformerKind = ['apps/v1', 'ReplicaSet'];
export const Pods: InformerKind = ['v1', 'Pod'];

export const endpointSliceDescriptor: ControllerDescriptor = {
  name: 'endpointslice-controller',
  aliases: ['endpointslice'],
  informers: [Services, Pods, Nodes, EndpointSlices],
  flags: ['--max-endpoints-per-slice', '--endpointslice-updates-batch-period', '--concurrent-service-endpoint-syncs'],
  init: ({ client, informers, identity, clock, logger, config }) => new EndpointSliceController({
    client, services: informers.get(Services), pods: informers.get(Pods), nodes: informers.get(Nodes), endpointSlices: informers.get(EndpointSlices),
    maxEndpointsPerSlice: config.maxEndpointsPerSlice, batchPeriodMs: config.endpointSliceUpdatesBatchPeriodMs,
    workers: config.concurrentServiceEndpointSyncs, metrics: config.endpointSliceMetrics, identity, clock, logger,
  }),
};

export const replicaSetDescriptor: ControllerDescriptor = {
  name: 'replicaset-controller',
  aliases: ['replicaset'],
  informers: [ReplicaSets, Pods],
  flags: [],
  init: ({ client, informers, identity, clock, logger }) =>
    new ReplicaSetController({ client, replicaSets: informers.get(ReplicaSets), pods: informers.get(Pods), identity, clock, logger }),
};

export const Namespaces: InformerKind = ['v1', 'Namespace'];
export const ServiceAccounts: InformerKind = ['v1', 'ServiceAccount'];

export const serviceAccountDescriptor: ControllerDescriptor = {
  name: 'serviceaccount-controller',
  aliases: ['serviceaccount'],
  informers: [Namespaces, ServiceAccounts],
  flags: [],
  init: ({ client, informers, clock, logger }) =>
    new ServiceAccountController({ client, namespaces: informers.get(Namespaces), serviceAccounts: informers.get(ServiceAccounts), clock, logger }),
};

export const Deployments: InformerKind = ['apps/v1', 'Deployment'];

export const deploymentDescriptor: ControllerDescriptor = {
  name: 'deployment-controller',
  aliases: ['deployment'],
  informers: [Deployments, ReplicaSets, Pods],
  flags: [],
  init: ({ client, informers, identity, clock, logger }) => new DeploymentController({
    client, deployments: informers.get(Deployments), replicaSets: informers.get(ReplicaSets), pods: informers.get(Pods), identity, clock, logger,
  }),
};

/** The collector watches every served kind of gcKinds(), as listed when the manager asks. */
export const garbageCollectorDescriptor: ControllerDescriptor = {
  name: 'garbage-collector-controller',
  aliases: ['garbagecollector'],
  get informers() {
    return gcKinds();
  },
  flags: [],
  init: ({ client, informers, identity, clock, logger }) => new GarbageCollector({
    client, informers: new Map(gcKinds().map((k) => [k.join('/'), informers.get(k)])), identity, clock, logger,
  }),
};

export const namespaceDescriptor: ControllerDescriptor = {
  name: 'namespace-controller',
  aliases: ['namespace'],
  informers: [Namespaces],
  flags: [],
  init: ({ client, informers, clock, logger }) => new NamespaceController({ client, namespaces: informers.get(Namespaces), clock, logger }),
};

export const endpointsDescriptor: ControllerDescriptor = {
  name: 'endpoints-controller',
  aliases: ['endpoint'],
  informers: [Services, Pods, EndpointsKind],
  flags: ['--concurrent-endpoint-syncs', '--endpoint-updates-batch-period'],
  init: ({ client, informers, clock, logger, config }) => new EndpointsController({
    client, services: informers.get(Services), pods: informers.get(Pods), endpoints: informers.get(EndpointsKind),
    workers: config.concurrentEndpointSyncs, batchPeriodMs: config.endpointUpdatesBatchPeriodMs, clock, logger,
  }),
};

export const StatefulSets: InformerKind = ['apps/v1', 'StatefulSet'];
export const ControllerRevisions: InformerKind = ['apps/v1', 'ControllerRevision'];

export const statefulSetDescriptor: ControllerDescriptor = {
  name: 'statefulset-controller',
  aliases: ['statefulset'],
  informers: [StatefulSets, Pods, ControllerRevisions],
  flags: [],
  init: ({ client, informers, identity, clock, logger }) => new StatefulSetController({
    client, statefulSets: informers.get(StatefulSets), pods: informers.get(Pods), revisions: informers.get(ControllerRevisions), identity, clock, logger,
  }),
};

export const Leases: InformerKind = ['coordination.k8s.io/v1', 'Lease'];

export const nodeLifecycleDescriptor: ControllerDescriptor = {
  name: 'node-lifecycle-controller',
  aliases: ['nodelifecycle'],
  informers: [Nodes, Leases, Pods],
  flags: ['--node-monitor-grace-period', '--node-monitor-period', '--node-startup-grace-period', '--node-eviction-rate', '--secondary-node-eviction-rate', '--large-cluster-size-threshold', '--unhealthy-zone-threshold'],
  init: ({ client, informers, identity, clock, logger, config }) => new NodeLifecycleController({
    client, nodes: informers.get(Nodes), leases: informers.get(Leases), pods: informers.get(Pods),
    gracePeriodMs: config.nodeMonitorGracePeriodMs, monitorPeriodMs: config.nodeMonitorPeriodMs, startupGracePeriodMs: config.nodeStartupGracePeriodMs, eviction: config.nodeEviction, metrics: config.nodeLifecycleMetrics, identity, clock, logger,
  }),
};

export const podGcDescriptor: ControllerDescriptor = {
  name: 'pod-garbage-collector',
  aliases: ['podgc'],
  informers: [Pods, Nodes],
  flags: ['--terminated-pod-gc-threshold'],
  init: ({ client, informers, clock, logger, config }) => new PodGcController({
    client, pods: informers.get(Pods), nodes: informers.get(Nodes), terminatedPodThreshold: config.terminatedPodGcThreshold,
    periodMs: config.podGcPeriodMs, quarantineMs: config.podGcQuarantineMs, metrics: config.podGcMetrics, clock, logger,
  }),
};

/** Every controller of `miniplane controllers`, in start order. */
export const controllerDescriptors: readonly ControllerDescriptor[] = [
  ...serviceControllerDescriptors, nodeIpamDescriptor, replicaSetDescriptor, serviceAccountDescriptor, endpointSliceDescriptor, endpointsDescriptor,
  deploymentDescriptor, garbageCollectorDescriptor, namespaceDescriptor, statefulSetDescriptor, nodeLifecycleDescriptor, podGcDescriptor,
];
