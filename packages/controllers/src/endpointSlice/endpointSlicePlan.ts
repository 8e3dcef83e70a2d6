/**
 * planEndpointSlices: kube-controller-manager's EndpointSlice controller for one Service, as a
 * pure function of the cached Service, pods, nodes and the slices it manages for that Service.
 *
 * Contract
 * - A missing Service, an ExternalName one or one without a selector has no managed slices: all
 *   are deleted (`mode` says why).
 * - Otherwise, per address type of `serviceAddressTypes`, every selected pod that should be in the
 *   endpoints (terminating pods included) with an IP of that family becomes an endpoint
 *   (`podToEndpoint`) in the port map of the ports it resolves to; pods that resolve to different
 *   numbers land in different slices. A pod on a node missing from the cache is left out and the
 *   Service is to be retried (`requeue`), unless publishNotReadyAddresses (then it goes in without
 *   a zone). (`desiredPortMaps`, or `desired` when the caller has them from its cache.)
 * - Slices: `generateName: <svc>-`, labels = the Service's labels (reserved keys ignored) plus
 *   `kubernetes.io/service-name`, `endpointslice.kubernetes.io/managed-by:
 *   endpointslice-controller.k8s.io` and `service.kubernetes.io/headless: ""` when headless
 *   (clusterIP None or empty), a controller ownerReference to the Service; written slices get the
 *   `endpoints.kubernetes.io/last-change-trigger-time` annotation when `triggerTime` is given
 *   (removed from written slices when it is not, as kube).
 *   Packing is `reconcileSlices`' (at most `maxEndpointsPerSlice`, default 100); hints per address
 *   type are `reconcileHints`' (topology-mode Auto through `topology`, or trafficDistribution),
 *   and the Events they give are returned in `events`. With `changes` (and no topology hints) only
 *   the slices holding a changed endpoint are reconciled, the others are unchanged, when that
 *   plan creates and deletes nothing (`touchedSlices`; no placeholder rule in it); otherwise
 *   every slice is.
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go (syncService),
 * staging/src/k8s.io/endpointslice/{reconciler.go (Reconcile),utils.go (newEndpointSlice, setEndpointSliceLabels)}
 */
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import {
  lastChangeTriggerTimeAnnotation, managedByLabel, serviceNameLabel, type AddressType, type EndpointSlice, type SlicePort,
} from '../endpointSliceMirroring/endpointTypes.js';
import { slicePrefix } from '../endpointSliceMirroring/mirrorPlan.js';
import { desiredPortMaps, type DesiredEndpoints, type EndpointChange } from './desiredEndpoints.js';
import { servedBySelector, serviceAddressTypes } from './podEndpoints.js';
import { reconcileSlices, type DesiredPortMap, type SlicePlan } from './sliceReconciler.js';
import { reconcileHints, topologyAnnotationAuto } from './endpointHints.js';
import { touchedSlices } from './touchedSlices.js';
import type { TopologyCache, TopologyEvent } from './topologyCache.js';

export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';
export const headlessLabel = 'service.kubernetes.io/headless';
export const defaultMaxEndpointsPerSlice = 100;
export const maxAllowedEndpointsPerSlice = 1000;

export type EndpointSliceMode = 'Reconcile' | 'ServiceNotFound' | 'NoSelector';

export interface EndpointSliceInput {
  service: Service | undefined;
  /** The pods of the Service's namespace (selection happens here). */
  pods: readonly Pod[];
  node(name: string): NodeObject | undefined;
  /** The slices managed by this controller with the Service's service-name label. */
  slices: readonly EndpointSlice[];
  maxEndpointsPerSlice?: number;
  /** The desired endpoints when already known (the controller's DesiredEndpointCache); else computed from `pods`. */
  desired?: DesiredEndpoints;
  /**
   * The desired endpoints changed since every slice in `slices` last matched them (the
   * controller's DesiredEndpointCache.changesSince): when given, only the slices holding them are
   * reconciled if that gives the full answer (no create, no delete, no topology hints).
   */
  changes?: Iterable<EndpointChange>;
  /** RFC 3339 time of the change that triggered this sync. */
  triggerTime?: string;
  /** The controller's topology cache (topology-mode Auto); without it only trafficDistribution hints are set. */
  topology?: TopologyCache;
}

export interface EndpointSlicePlan extends SlicePlan {
  mode: EndpointSliceMode;
  /** A pod's node was missing: sync again later. */
  requeue: boolean;
  /** Desired endpoints over all address types (a metric). */
  desiredEndpoints: number;
  /** TopologyAwareHintsEnabled/Disabled Events to record on the Service. */
  events: TopologyEvent[];
}

/** Whether this controller manages the slice. */
export function managedByEndpointSlice(slice: EndpointSlice): boolean {
  return slice.metadata.labels?.[managedByLabel] === endpointSliceControllerName;
}

export function isHeadlessService(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !ip || ip === 'None';
}

/** setEndpointSliceLabels: the Service's labels minus reserved keys, plus the controller's own. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== serviceNameLabel && k !== managedByLabel && k !== headlessLabel) labels[k] = v;
  }
  labels[serviceNameLabel] = svc.metadata.name ?? '';
  labels[managedByLabel] = endpointSliceControllerName;
  if (isHeadlessService(svc)) labels[headlessLabel] = '';
  return labels;
}

export function planEndpointSlices(input: EndpointSliceInput): EndpointSlicePlan {
  const { service, slices } = input;
  const cleanup = (mode: EndpointSliceMode): EndpointSlicePlan =>
    ({ mode, requeue: false, desiredEndpoints: 0, events: [], toCreate: [], toUpdate: [], toDelete: [...slices], unchanged: [] });
  if (!service) return cleanup('ServiceNotFound');
  if (!servedBySelector(service)) return cleanup('NoSelector');
  const addressTypes = serviceAddressTypes(service);
  const { portMaps, requeue } = input.desired ?? desiredPortMaps(service, input.pods, input.node);
  const labels = sliceLabels(service);
  const { name = '', namespace, uid = '' } = service.metadata;
  const events: TopologyEvent[] = [];
  const hintsInput = { serviceKey: `${namespace}/${name}`, annotations: service.metadata.annotations, trafficDistribution: service.spec?.trafficDistribution, cache: input.topology };
  const reconcile = (existing: readonly EndpointSlice[], types: readonly AddressType[], maps: readonly DesiredPortMap[], partial = false): SlicePlan => reconcileSlices({
    existing, partial, addressTypes: types, desired: maps, max: input.maxEndpointsPerSlice ?? defaultMaxEndpointsPerSlice, labels,
    annotations: { [lastChangeTriggerTimeAnnotation]: input.triggerTime },
    ownedBy: (s) => (s.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Service' && r.uid === uid),
    deleting: !!service.metadata.deletionTimestamp,
    hints: (addressType, typePlan) => {
      const hinted = reconcileHints(hintsInput, addressType, typePlan);
      events.push(...hinted.events);
      return hinted;
    },
    newSlice: (addressType: AddressType, ports: SlicePort[]): EndpointSlice => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: slicePrefix(name), namespace, labels: { ...labels },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid, controller: true, blockOwnerDeletion: true }],
      },
      addressType, endpoints: [], ports,
    }),
  });
  // Only the slices holding a changed endpoint, when that is the whole answer (touchedSlices.ts).
  const hinted = !!service.spec?.trafficDistribution || topologyAnnotationAuto(service.metadata.annotations);
  const narrowed = input.changes && !hinted ? touchedSlices(slices, portMaps, input.changes) : undefined;
  let plan: SlicePlan | undefined;
  if (narrowed) {
    const types = addressTypes.filter((t) => narrowed.touched.some((s) => s.addressType === t));
    // Partial: were the touched slices all emptied, the placeholder rule would keep one of them
    // (an update) beside the untouched slices; their delete sends this to the full reconcile.
    const part = reconcile(narrowed.touched, types, narrowed.portMaps, true);
    if (!part.toCreate.length && !part.toDelete.length) plan = { ...part, unchanged: [...part.unchanged, ...narrowed.rest] };
    else events.length = 0;
  }
  plan ??= reconcile(slices, addressTypes, portMaps);
  const desiredEndpoints = portMaps.reduce((n, m) => n + m.endpoints.size, 0);
  return { ...plan, mode: 'Reconcile', requeue, desiredEndpoints, events };
}
