/**
 * Hints for a Service's `spec.trafficDistribution` (kube v1.33: `PreferClose` is the one value
 * accepted).
 *
 * Contract
 * - `reconcileTrafficDistributionHints(td, plan)`: with `PreferClose` every ready endpoint gets
 *   `hints.forZones: [{name: <its zone>}]` (no hints without a zone); an unchanged slice whose
 *   ready endpoints miss that hint (or carry a stale one) is updated. Without it, hints are removed
 *   and an unchanged slice carrying any is updated. Not-ready endpoints keep what they have.
 *   Inputs are never modified.
 * Upstream: staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go
 */
import type { Endpoint, EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { endpointReady, withoutHints, type HintedSlices } from './topologyCache.js';

export const preferClose = 'PreferClose';

type Plan = Omit<HintedSlices, 'events'>;

export function reconcileTrafficDistributionHints(trafficDistribution: string | undefined, plan: Plan): Plan {
  const close = trafficDistribution === preferClose;
  const needsUpdate = (s: EndpointSlice): boolean => (s.endpoints ?? []).some((e) => (close ? endpointReady(e) && !hasOwnZoneHint(e) : e.hints !== undefined));
  const update = (s: EndpointSlice): EndpointSlice => ({ ...s, endpoints: (s.endpoints ?? []).map((e) => (close ? closeHint(e) : withoutHints(e))) });
  const unchanged: EndpointSlice[] = [];
  const moved: EndpointSlice[] = [];
  for (const s of plan.unchanged) (needsUpdate(s) ? moved : unchanged).push(s);
  return { toCreate: plan.toCreate.map(update), toUpdate: [...plan.toUpdate, ...moved].map(update), unchanged };
}

/** The PreferClose check of a ready endpoint: exactly its own zone, or no zone hint without a zone (and no node hints). */
function hasOwnZoneHint(e: Endpoint): boolean {
  const zones = e.hints?.forZones ?? [];
  const zoneOk = e.zone ? zones.length === 1 && zones[0]!.name === e.zone : zones.length === 0;
  return zoneOk && !(e.hints?.forNodes ?? []).length;
}

function closeHint(e: Endpoint): Endpoint {
  if (!endpointReady(e)) return e;
  if (e.zone) return { ...e, hints: { forZones: [{ name: e.zone }] } };
  return withoutHints(e);
}
