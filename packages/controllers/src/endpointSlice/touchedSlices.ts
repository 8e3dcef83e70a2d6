/**
 * touchedSlices: the part of a Service's slices a sync must look at when only a few endpoints
 * changed since its slices last matched the desired endpoints — so one pod's readiness flip in a
 * 10,000-pod Service reconciles the one slice holding it, not all 100. Pure.
 *
 * Contract
 * - Input: the Service's managed slices, its desired port maps, and the endpoints (port-map key,
 *   hash) that changed since every slice last matched them (`DesiredEndpointCache.changesSince`).
 * - Answer: `touched`, the slices holding a changed endpoint (matched by port-map key and
 *   `endpointHash`); `rest`, the others, which the full reconcile would leave unchanged; and
 *   `portMaps`, the desired port maps cut down to the endpoints the touched slices hold.
 *   Reconciling `touched` against `portMaps` gives the full reconcile's writes whenever that
 *   reconcile creates and deletes nothing (the caller checks, else reconciles in full).
 * - Undefined (reconcile in full) when an endpoint was added (it may go into any slice with
 *   room), when more than `maxChanges` changed, or when a touched slice's port map is no longer
 *   desired.
 * Upstream: none (kube reconciles every slice on every sync); the answer is kube's
 * reconciler's (staging/src/k8s.io/endpointslice/reconciler.go) restricted to the slices it changes.
 */
import { endpointHash, groupKey } from '../endpointSliceMirroring/desiredEndpoints.js';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import type { EndpointChange } from './desiredEndpoints.js';
import type { DesiredPortMap } from './sliceReconciler.js';

export interface TouchedSlices {
  touched: EndpointSlice[];
  rest: EndpointSlice[];
  portMaps: DesiredPortMap[];
}

export const maxChanges = 1000;

// Per frozen (informer-cached) slice: the hashes of its endpoints.
const sliceHashes = new WeakMap<EndpointSlice, Set<string>>();

function hashesOf(slice: EndpointSlice): Set<string> {
  let set = sliceHashes.get(slice);
  if (!set) {
    set = new Set((slice.endpoints ?? []).map(endpointHash));
    if (Object.isFrozen(slice)) sliceHashes.set(slice, set);
  }
  return set;
}

export function touchedSlices(slices: readonly EndpointSlice[], portMaps: readonly DesiredPortMap[], changes: Iterable<EndpointChange>): TouchedSlices | undefined {
  const byKey = new Map<string, string[]>();
  let n = 0;
  for (const c of changes) {
    if (c.added || ++n > maxChanges) return undefined;
    const list = byKey.get(c.key);
    if (list) list.push(c.hash);
    else byKey.set(c.key, [c.hash]);
  }
  const desired = new Map(portMaps.map((m) => [groupKey(m.addressType, m.ports), m]));
  const out: TouchedSlices = { touched: [], rest: [], portMaps: [] };
  const cut = new Map<string, DesiredPortMap>();
  for (const slice of slices) {
    const key = groupKey(slice.addressType, slice.ports);
    const changed = byKey.get(key);
    const held = hashesOf(slice);
    if (!changed?.some((h) => held.has(h))) {
      out.rest.push(slice);
      continue;
    }
    const full = desired.get(key);
    if (!full) return undefined;
    let part = cut.get(key);
    if (!part) cut.set(key, (part = { addressType: full.addressType, ports: full.ports, endpoints: new Map() }));
    for (const h of held) {
      const e = full.endpoints.get(h);
      if (e) part.endpoints.set(h, e);
    }
    out.touched.push(slice);
  }
  out.portMaps = [...cut.values()];
  return out;
}
