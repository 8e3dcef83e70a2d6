/**
 * planMirroring: kube-controller-manager's EndpointSlice mirroring for one Endpoints key, as a
 * pure function of the cached Endpoints, its Service and the slices already mirrored for it.
 *
 * Contract
 * - Mirrored only when the Endpoints exists, is not labelled `endpointslice.kubernetes.io/
 *   skip-mirror: "true"`, is not a leader-election lock (annotation
 *   `control-plane.alpha.kubernetes.io/leader`), and a Service of the same namespace/name exists
 *   without a selector (an empty selector counts as none, as it reads back from kube's protobuf
 *   storage). Otherwise every mirrored slice is deleted (`mode` says why).
 * - One slice per (address family, unordered port set) of the canonical subsets (see
 *   desiredEndpoints.ts), holding at most `maxEndpointsPerSubset` (default 1000, kube's
 *   --mirroring-max-endpoints-per-subset) endpoints; a family or port set with no addresses has
 *   no slice. Slices: `generateName: <endpoints>-`, the Endpoints' labels plus
 *   `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
 *   endpointslicemirroring-controller.k8s.io`, its annotations except last-applied-configuration
 *   and last-change-trigger-time, and a controller ownerReference to the Endpoints.
 * - Minimal writes: of the existing slices of one key the oldest (creationTimestamp, then name)
 *   is kept and rewritten only if its endpoints (as a set: kube's endpoint hash, then the fields
 *   beyond it), labels or annotations differ; the others are deleted. A create paired with a
 *   delete of the same family becomes an update of that slice (kube's recycleSlices). Updates
 *   carry the existing slice's resourceVersion. No creates while the Endpoints is being deleted.
 * - Events (Warning, on the Endpoints): `InvalidIPAddress` when IPs did not parse;
 *   `TooManyAddressesToMirror` when more were skipped than were invalid. Messages are kube's.
 * - Inputs are never modified.
 * Upstream: pkg/controller/endpointslicemirroring/{endpointslicemirroring_controller.go
 * (syncEndpoints, shouldMirror),reconciler.go,reconciler_helpers.go (recycleSlices),utils.go (newEndpointSlice)}
 */
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import type { Service } from '@miniplane/api/service/types';
import { byAge } from '../serviceOrder.js';
import { desiredEndpoints, endpointHash, groupKey, sameBeyondHash, type DesiredGroup } from './desiredEndpoints.js';
import {
  lastAppliedConfigAnnotation, lastChangeTriggerTimeAnnotation, leaderElectionAnnotation, managedByLabel, mirroringControllerName,
  serviceNameLabel, skipMirrorLabel, type EndpointSlice, type Endpoints,
} from './endpointTypes.js';

export const defaultMaxEndpointsPerSubset = 1000;

/** Why the plan is what it is: mirroring, or cleaning up for one of kube's reasons. */
export type MirrorMode = 'Mirror' | 'EndpointsNotFound' | 'SkipMirror' | 'ServiceNotFound' | 'ServiceHasSelector';

export interface MirrorEvent {
  type: 'Warning';
  reason: 'InvalidIPAddress' | 'TooManyAddressesToMirror';
  message: string;
}

export interface MirrorPlan {
  mode: MirrorMode;
  /** New slices (generateName set). */
  toCreate: EndpointSlice[];
  /** Full replacements (name and resourceVersion of the slice they replace). */
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
  /** About the Endpoints. */
  events: MirrorEvent[];
}

export interface MirrorInput {
  endpoints: Endpoints | undefined;
  service: Service | undefined;
  /** The slices this controller mirrored for that namespace/name (`isMirroredSlice`). */
  slices: readonly EndpointSlice[];
  maxEndpointsPerSubset?: number;
}

/** shouldMirror: not opted out, not a leader-election lock. Says nothing about the Service. */
export function shouldMirror(endpoints: Endpoints | undefined): boolean {
  if (!endpoints) return false;
  return endpoints.metadata.labels?.[skipMirrorLabel] !== 'true' && !(leaderElectionAnnotation in (endpoints.metadata.annotations ?? {}));
}

export function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** Whether this controller manages the slice (label managed-by). */
export function managedByMirroring(slice: EndpointSlice): boolean {
  return slice.metadata.labels?.[managedByLabel] === mirroringControllerName;
}

/** The `namespace/name` of the Endpoints a slice mirrors, from its service-name label; undefined without one. */
export function mirroredEndpointsKey(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[serviceNameLabel];
  return name ? `${slice.metadata.namespace ?? ''}/${name}` : undefined;
}

export function planMirroring(input: MirrorInput): MirrorPlan {
  const { endpoints, service, slices } = input;
  const cleanup = (mode: MirrorMode): MirrorPlan => ({ mode, toCreate: [], toUpdate: [], toDelete: [...slices], events: [] });
  if (!endpoints) return cleanup('EndpointsNotFound');
  if (!shouldMirror(endpoints)) return cleanup('SkipMirror');
  if (!service) return cleanup('ServiceNotFound');
  if (hasSelector(service)) return cleanup('ServiceHasSelector');
  return reconcile(endpoints, slices, input.maxEndpointsPerSubset ?? defaultMaxEndpointsPerSubset);
}

function reconcile(endpoints: Endpoints, slices: readonly EndpointSlice[], max: number): MirrorPlan {
  const desired = desiredEndpoints(endpoints.subsets, max);
  const plan: MirrorPlan = { mode: 'Mirror', toCreate: [], toUpdate: [], toDelete: [], events: [] };
  const invalid = desired.invalidIPs.length;
  if (invalid > 0) {
    plan.events.push({ type: 'Warning', reason: 'InvalidIPAddress', message: `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices` });
  }
  if (desired.skipped > invalid) {
    plan.events.push({
      type: 'Warning', reason: 'TooManyAddressesToMirror',
      message: `A max of ${max} addresses can be mirrored to EndpointSlices per Endpoints subset. ${desired.skipped} addresses were skipped`,
    });
  }
  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const slice of [...slices].sort(byAge)) {
    const key = groupKey(slice.addressType, slice.ports);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }
  for (const group of desired.groups.values()) planGroup(plan, endpoints, existingByKey.get(group.key) ?? [], group, max);
  for (const [key, existing] of existingByKey) if (!desired.groups.has(key)) plan.toDelete.push(...existing);
  recycle(plan);
  // Don't create more EndpointSlices for an Endpoints that is going away.
  if (endpoints.metadata.deletionTimestamp) plan.toCreate = [];
  return plan;
}

/** reconcileByPortMapping: the slices of one key. */
function planGroup(plan: MirrorPlan, endpoints: Endpoints, existing: EndpointSlice[], group: DesiredGroup, max: number): void {
  if (group.endpoints.size === 0) {
    plan.toDelete.push(...existing);
    return;
  }
  const [keep, ...extra] = existing;
  plan.toDelete.push(...extra);
  if (keep && upToDate(endpoints, keep, group)) return;
  const slice = newEndpointSlice(endpoints, group, keep);
  slice.endpoints = [...group.endpoints.values()].slice(0, max);
  (keep ? plan.toUpdate : plan.toCreate).push(slice);
}

/** The kept slice needs no write: same endpoint set, labels and annotations. */
function upToDate(endpoints: Endpoints, slice: EndpointSlice, group: DesiredGroup): boolean {
  let matches = 0;
  for (const e of slice.endpoints ?? []) {
    const want = group.endpoints.get(endpointHash(e));
    if (!want || !sameBeyondHash(want, e)) return false;
    matches++;
  }
  if (matches !== group.endpoints.size) return false;
  const { [serviceNameLabel]: _s, [managedByLabel]: _m, ...sliceLabels } = slice.metadata.labels ?? {};
  return sameStrings(endpoints.metadata.labels, sliceLabels) && sameStrings(mirroredAnnotations(endpoints), slice.metadata.annotations);
}

/** newEndpointSlice: a fresh slice for the group; `replacing` gives it that slice's identity. */
function newEndpointSlice(endpoints: Endpoints, group: DesiredGroup, replacing: EndpointSlice | undefined): EndpointSlice {
  const { namespace, name = '', uid = '' } = endpoints.metadata;
  const annotations = mirroredAnnotations(endpoints);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(replacing ? { name: replacing.metadata.name, resourceVersion: replacing.metadata.resourceVersion } : { generateName: slicePrefix(name) }),
      namespace,
      labels: { ...endpoints.metadata.labels, [serviceNameLabel]: name, [managedByLabel]: mirroringControllerName },
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    addressType: group.addressType,
    endpoints: [],
    ports: group.ports.map((p) => ({ ...p })),
  };
}

/** The Endpoints' annotations minus the two kube does not mirror. */
function mirroredAnnotations(endpoints: Endpoints): Record<string, string> {
  const { [lastChangeTriggerTimeAnnotation]: _t, [lastAppliedConfigAnnotation]: _l, ...rest } = endpoints.metadata.annotations ?? {};
  return rest;
}

/** getEndpointSlicePrefix: `<name>-` unless that is too long for a DNS subdomain prefix (253). */
export function slicePrefix(name: string): string {
  return name.length + 1 > 253 ? name : `${name}-`;
}

/** recycleSlices: per address type, the i-th create replaces the i-th delete (an update instead of two writes). */
function recycle(plan: MirrorPlan): void {
  for (const type of ['IPv4', 'IPv6'] as const) {
    const creates = plan.toCreate.filter((s) => s.addressType === type);
    const deletes = plan.toDelete.filter((s) => s.addressType === type);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      const { generateName: _g, ...meta } = creates[i].metadata;
      plan.toUpdate.push({ ...creates[i], metadata: { ...meta, name: deletes[i].metadata.name, resourceVersion: deletes[i].metadata.resourceVersion } });
      plan.toCreate = plan.toCreate.filter((s) => s !== creates[i]);
      plan.toDelete = plan.toDelete.filter((s) => s !== deletes[i]);
    }
  }
}

/** Semantic equality of string maps: absent and empty are the same. */
function sameStrings(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return deepEqual(a ?? {}, b ?? {});
}
