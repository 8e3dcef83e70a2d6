/**
 * reconcileSlices: kube's EndpointSlice reconciler as a pure function — the slices a Service has,
 * and the endpoints it should have per (address type, port set), become creates, updates and
 * deletes that change as few slices as possible.
 *
 * Contract
 * - `existing` are the slices this controller manages for the Service. A slice not owned by the
 *   Service (`ownedBy` false), of an address type not wanted, or of a port set no longer desired
 *   is deleted.
 * - Per port set (kube's reconcileByPortMapping):
 *   1. each existing slice keeps the endpoints still desired (replaced by their desired version,
 *      matched by `endpointHash`); if any endpoint went or changed (`sameBeyondHash`), the slice
 *      is deleted when empty, else updated; a slice whose labels differ from `labels` is updated;
 *      the others are "unchanged";
 *   2. endpoints left over go into the slices being updated anyway, fullest first, up to `max`;
 *   3. then, while some remain: if fewer than `max` remain, the unchanged slice that would end
 *      closest to full without passing `max` (an exact fit wins at once) is filled and becomes an
 *      update; otherwise a new slice is created and filled to `max`.
 *   Slices are never rebalanced just to pack them.
 * - Per address type, when no slice would be left and none created, one placeholder (no
 *   endpoints, no ports) is kept if it already exists, else created; not when `partial` (the
 *   slices given are only some of the Service's, so none left of them says nothing).
 * - `hints(addressType, plan)`, when given, then sets the endpoints' hints of that address type.
 * - finalize: a pending create takes over a slice of the same address type that would be deleted
 *   (its name and resourceVersion: an update instead of a create plus a delete). No creates while
 *   the Service is being deleted (`deleting`).
 * - Created and updated slices carry `labels`, plus `annotations` merged over their own (a key
 *   given as undefined is removed: kube clears the trigger time when there is none).
 *   Inputs are never modified.
 * Upstream: staging/src/k8s.io/endpointslice/{reconciler.go (reconcile, reconcileByAddressType,
 * reconcileByPortMapping, finalize),reconciler_helpers.go,utils.go (getSliceToFill)}
 */
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import { endpointHash, groupKey, sameBeyondHash } from '../endpointSliceMirroring/desiredEndpoints.js';
import type { AddressType, Endpoint, EndpointSlice, SlicePort } from '../endpointSliceMirroring/endpointTypes.js';

/** The endpoints one (address type, port set) should have. */
export interface DesiredPortMap {
  addressType: AddressType;
  ports: SlicePort[];
  /** endpointHash → endpoint, in the order they fill slices. */
  endpoints: Map<string, Endpoint>;
}

export interface ReconcileInput {
  existing: readonly EndpointSlice[];
  /** The address types wanted (kube: from spec.ipFamilies). */
  addressTypes: readonly AddressType[];
  desired: readonly DesiredPortMap[];
  max: number;
  /** A fresh slice (generateName, labels, ownerReferences) for an address type and ports. */
  newSlice(addressType: AddressType, ports: SlicePort[]): EndpointSlice;
  /** The labels every slice of the Service carries. */
  labels: Record<string, string>;
  /** Set on every created or updated slice (the trigger-time annotation). */
  annotations?: Record<string, string | undefined>;
  ownedBy(slice: EndpointSlice): boolean;
  deleting?: boolean;
  /** `existing` is only part of the Service's slices (touchedSlices.ts): no placeholder rule. */
  partial?: boolean;
  /** Per address type, after packing and before finalize: sets the endpoints' hints (endpointHints.ts). */
  hints?(addressType: AddressType, plan: SlicePlan): SlicePlan;
}

export interface SlicePlan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
  /** Slices left as they are. */
  unchanged: EndpointSlice[];
}

export function reconcileSlices(input: ReconcileInput): SlicePlan {
  const plan: SlicePlan = { toCreate: [], toUpdate: [], toDelete: [], unchanged: [] };
  const wanted = new Set<string>(input.addressTypes);
  const byKey = new Map<string, EndpointSlice[]>();
  for (const raw of input.existing) {
    const slice = raw.endpoints ? raw : { ...raw, endpoints: [] };
    if (!input.ownedBy(slice) || !wanted.has(slice.addressType)) {
      plan.toDelete.push(slice);
      continue;
    }
    const key = groupKey(slice.addressType, slice.ports);
    byKey.set(key, [...(byKey.get(key) ?? []), slice]);
  }
  for (const addressType of input.addressTypes) {
    const typePlan: SlicePlan = { toCreate: [], toUpdate: [], toDelete: [], unchanged: [] };
    const desiredKeys = new Set<string>();
    for (const d of input.desired) {
      if (d.addressType !== addressType) continue;
      const key = groupKey(addressType, d.ports);
      desiredKeys.add(key);
      byPortMap(typePlan, byKey.get(key) ?? [], d, input);
    }
    let existingOfType = 0;
    for (const [key, slices] of byKey) {
      if (slices[0].addressType !== addressType) continue;
      existingOfType += slices.length;
      if (!desiredKeys.has(key)) typePlan.toDelete.push(...slices);
    }
    placeholder(typePlan, addressType, existingOfType, input);
    const hinted = input.hints ? input.hints(addressType, typePlan) : typePlan;
    for (const k of ['toCreate', 'toUpdate', 'toDelete', 'unchanged'] as const) plan[k].push(...hinted[k]);
  }
  return finalize(plan, input);
}

/** reconcileByPortMapping (see the header, steps 1-3). */
function byPortMap(plan: SlicePlan, slices: readonly EndpointSlice[], desired: DesiredPortMap, input: ReconcileInput): void {
  const { max } = input;
  const left = new Map(desired.endpoints);
  const updates: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  for (const slice of slices) {
    let changed = false;
    const kept: Endpoint[] = [];
    for (const e of slice.endpoints ?? []) {
      const hash = endpointHash(e);
      const want = left.get(hash);
      if (!want) {
        changed = true;
        continue;
      }
      if (!sameBeyondHash(want, e)) changed = true;
      kept.push(want);
      left.delete(hash);
    }
    const labelsChanged = !deepEqual(slice.metadata.labels ?? {}, input.labels);
    if (changed && kept.length === 0) plan.toDelete.push(slice);
    else if (changed || labelsChanged) updates.push(rewrite(slice, kept, input));
    else unchanged.push(slice);
  }
  const pending = [...left.values()];
  let i = 0;
  const take = (slice: EndpointSlice): void => {
    while (i < pending.length && slice.endpoints.length < max) slice.endpoints.push(pending[i++]);
  };
  // Fill the slices being updated anyway, fullest first.
  for (const slice of [...updates].sort((a, b) => b.endpoints.length - a.endpoints.length)) take(slice);
  while (i < pending.length) {
    const remaining = pending.length - i;
    const fill = remaining < max ? sliceToFill(unchanged, remaining, max) : undefined;
    let target: EndpointSlice;
    if (fill) {
      unchanged.splice(unchanged.indexOf(fill), 1);
      target = rewrite(fill, [...fill.endpoints], input);
      updates.push(target);
    } else {
      target = { ...input.newSlice(desired.addressType, desired.ports.map((p) => ({ ...p }))), endpoints: [] } as EndpointSlice;
      plan.toCreate.push(target);
    }
    take(target);
  }
  plan.toUpdate.push(...updates);
  plan.unchanged.push(...unchanged);
}

/** getSliceToFill: the slice that would end closest to full without passing max; an exact fit wins at once. */
export function sliceToFill(slices: readonly EndpointSlice[], count: number, max: number): EndpointSlice | undefined {
  if (count === 0 || count > max) return undefined;
  let best: EndpointSlice | undefined;
  let closest = max;
  for (const s of slices) {
    const diff = max - (count + s.endpoints.length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}

/** A copy of `slice` with these endpoints and the Service's labels (and annotations merged). */
function rewrite(slice: EndpointSlice, endpoints: Endpoint[], input: ReconcileInput): EndpointSlice {
  return { ...slice, metadata: { ...slice.metadata, labels: { ...input.labels } }, endpoints };
}

/** The placeholder rule of reconcileByAddressType. */
function placeholder(plan: SlicePlan, addressType: AddressType, existing: number, input: ReconcileInput): void {
  if (input.partial || existing !== plan.toDelete.length || plan.toCreate.length > 0) return;
  const fresh = { ...input.newSlice(addressType, []), endpoints: [] } as EndpointSlice;
  delete fresh.ports;
  if (plan.toDelete.length === 1 && isPlaceholderFor(plan.toDelete[0], fresh)) {
    plan.unchanged.push(plan.toDelete.pop()!);
    return;
  }
  plan.toCreate.push(fresh);
}

/** kube's placeholderSliceCompare: same address type, labels and no endpoints or ports (names, owners and annotations aside). */
function isPlaceholderFor(slice: EndpointSlice, fresh: EndpointSlice): boolean {
  return slice.addressType === fresh.addressType && (slice.endpoints ?? []).length === 0 && (slice.ports ?? []).length === 0
    && deepEqual(slice.metadata.labels ?? {}, fresh.metadata.labels ?? {});
}

/** finalize: creates reuse slices that would be deleted; no creates while the Service goes. */
function finalize(plan: SlicePlan, input: ReconcileInput): SlicePlan {
  const toCreate: EndpointSlice[] = [];
  const toDelete = [...plan.toDelete];
  const toUpdate = [...plan.toUpdate];
  for (const create of plan.toCreate) {
    const i = toDelete.findIndex((d) => d.addressType === create.addressType && input.ownedBy(d));
    if (i < 0) {
      toCreate.push(create);
      continue;
    }
    const [old] = toDelete.splice(i, 1);
    const { generateName: _g, ...meta } = create.metadata;
    toUpdate.push({ ...create, metadata: { ...meta, name: old.metadata.name, resourceVersion: old.metadata.resourceVersion, uid: old.metadata.uid } });
  }
  const annotate = (s: EndpointSlice): EndpointSlice =>
    input.annotations ? { ...s, metadata: { ...s.metadata, annotations: mergeAnnotations(s.metadata.annotations, input.annotations) } } : s;
  return {
    toCreate: input.deleting ? [] : toCreate.map(annotate),
    toUpdate: toUpdate.map(annotate),
    toDelete,
    unchanged: plan.unchanged,
  };
}

function mergeAnnotations(own: Record<string, string> | undefined, given: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { ...own };
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
