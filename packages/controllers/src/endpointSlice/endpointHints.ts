/**
 * The hints of one Service's slices of one address type, chosen as kube's reconciler does after
 * packing (reconcileByAddressType): the topology annotation `Auto` (the deprecated
 * `service.kubernetes.io/topology-aware-hints` when present, else
 * `service.kubernetes.io/topology-mode`; `Auto` or `auto`) hands the plan to the TopologyCache;
 * otherwise hints the cache had populated for the Service are forgotten with a Warning
 * `TopologyAwareHintsDisabled` ("Topology Aware Hints has been disabled, addressType: IPv4"),
 * and `trafficDistribution: PreferClose` gives same-zone hints, or else every hint is removed.
 * Slices whose hints change move from unchanged to updated (one write each).
 * Upstream: staging/src/k8s.io/endpointslice/reconciler.go (reconcileByAddressType, hintsEnabled)
 */
import type { AddressType } from '../endpointSliceMirroring/endpointTypes.js';
import type { SlicePlan } from './sliceReconciler.js';
import { TopologyCache, disabledEvent, removeHintsFromSlices, topologyMessages, withAddressType, type TopologyEvent } from './topologyCache.js';
import { preferClose, reconcileTrafficDistributionHints } from './trafficDistribution.js';

export const topologyModeAnnotation = 'service.kubernetes.io/topology-mode';
export const deprecatedTopologyHintsAnnotation = 'service.kubernetes.io/topology-aware-hints';

export function topologyAnnotationAuto(annotations: Record<string, string> | undefined): boolean {
  const value = annotations?.[deprecatedTopologyHintsAnnotation] ?? annotations?.[topologyModeAnnotation];
  return value === 'Auto' || value === 'auto';
}

export interface HintsInput {
  serviceKey: string;
  annotations: Record<string, string> | undefined;
  trafficDistribution: string | undefined;
  /** kube's topologyCache (nil when its feature is off); state is kept across syncs. */
  cache?: TopologyCache;
}

export function reconcileHints(input: HintsInput, addressType: AddressType, plan: SlicePlan): SlicePlan & { events: TopologyEvent[] } {
  const { serviceKey, cache } = input;
  const auto = topologyAnnotationAuto(input.annotations);
  const trafficDistribution = !auto && input.trafficDistribution === preferClose ? input.trafficDistribution : undefined;
  let slices = { toCreate: plan.toCreate, toUpdate: plan.toUpdate, unchanged: plan.unchanged };
  const events: TopologyEvent[] = [];
  if (cache && auto) {
    const hinted = cache.addHints({ serviceKey, addressType, ...slices });
    events.push(...hinted.events);
    slices = hinted;
  } else {
    if (cache?.hasPopulatedHints(serviceKey)) events.push(disabledEvent(withAddressType(topologyMessages.disabled, addressType)));
    cache?.removeHints(serviceKey, addressType);
    if (!trafficDistribution) slices = removeHintsFromSlices(slices);
  }
  if (trafficDistribution) slices = reconcileTrafficDistributionHints(trafficDistribution, slices);
  return { toCreate: slices.toCreate, toUpdate: slices.toUpdate, toDelete: plan.toDelete, unchanged: slices.unchanged, events };
}
