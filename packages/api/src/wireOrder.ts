/**
 * Kube's JSON field order for what every object shares: encoding/json writes a Go struct's fields
 * in the order the struct declares them, so kube-apiserver answers `kind` before `apiVersion`
 * (TypeMeta), then `metadata` (ObjectMeta, in its declared order), then the kind's own fields.
 * Clients that compare bytes (golden files, error texts) see the same bytes from miniplane.
 *
 * Contract: `inWireOrder(obj)` returns a new top-level object (and new metadata) with kind,
 * apiVersion, metadata first and ObjectMeta's and each ownerReference's keys in kube's order;
 * keys kube does not know keep their relative order after the known ones; nothing else is
 * copied (the kind's own fields keep the order they have). Pure, no I/O.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go (TypeMeta, ObjectMeta,
 * OwnerReference, ListMeta, Status, StatusDetails, StatusCause).
 */
import type { KubeObject } from './types.js';

export const objectMetaOrder = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
] as const;

export const ownerReferenceOrder = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] as const;

/** Sets an own property, `__proto__` included (a parsed JSON key, not the prototype). */
function put(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/** `o`'s keys in `order` first (those present), then the rest as they were. */
export function orderedKeys<T extends object>(o: T, order: readonly string[]): T {
  const src = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (Object.hasOwn(src, k) && src[k] !== undefined) put(out, k, src[k]);
  for (const k of Object.keys(src)) if (!Object.hasOwn(out, k) && src[k] !== undefined) put(out, k, src[k]);
  return out as T;
}

function metaInWireOrder(m: KubeObject['metadata']): KubeObject['metadata'] {
  const out = orderedKeys(m, objectMetaOrder);
  const refs = out.ownerReferences;
  if (Array.isArray(refs)) out.ownerReferences = refs.map((r: object) => (r && typeof r === 'object' ? orderedKeys(r, ownerReferenceOrder) : r)) as typeof refs;
  return out;
}

/** The object with kind, apiVersion, metadata first and its metadata in ObjectMeta's order. */
export function inWireOrder<T extends KubeObject>(obj: T): T {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (src.kind !== undefined) out.kind = src.kind;
  if (src.apiVersion !== undefined) out.apiVersion = src.apiVersion;
  const m = obj.metadata;
  if (m !== undefined) out.metadata = m && typeof m === 'object' ? metaInWireOrder(m) : m;
  for (const k of Object.keys(src)) if (!Object.hasOwn(out, k) && src[k] !== undefined) put(out, k, src[k]);
  return out as T;
}
