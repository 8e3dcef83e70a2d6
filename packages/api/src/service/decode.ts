/**
 * Decoding a Service body the way Go's encoding/json into v1.Service would: JSON nulls become
 * absent (Go's zero value / nil pointer), null list elements and map values "". Values of the
 * wrong JSON type never get here: every HTTP write path refuses them first with Go's error text
 * (`openapi/typeCheck.ts`, one schema-driven check for every kind).
 *
 * `compactService` is the other direction: it drops the zero values of omitempty fields, so a
 * stored Service reads back the way kube-apiserver serialises it.
 *
 * Contract: pure; both return new objects and never edit their input (the objects they return
 * may share nested values with it, so callers copy before editing: defaultService does).
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (json tags)
 */
import { isPlainObject } from '../types.js';
import type { Service, ServicePort, ServiceSpec } from './types.js';

/** Fields whose null entries Go decodes as "" (list elements, map values). */
const stringLists = new Set(['clusterIPs', 'ipFamilies', 'externalIPs', 'loadBalancerSourceRanges']);
const stringMaps = new Set(['selector']);

/** A copy of `src` without its null members; null list elements and map values become "". */
function dropNulls(src: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v === null) continue;
    if (stringLists.has(k) && Array.isArray(v)) out[k] = v.map((x: unknown) => x ?? '');
    else if (stringMaps.has(k) && isPlainObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([mk, mv]) => [mk, mv ?? '']));
    else out[k] = v; // shared, not copied: callers copy before they edit (defaultService)
  }
  return out;
}

/**
 * The spec of a Service body as Go decodes it into v1.ServiceSpec: nulls dropped (nil / zero),
 * a null `sessionAffinityConfig.clientIP` an empty config. Type errors are not checked here:
 * every HTTP write path runs the schema type check (`openapi/typeCheck.ts`) on the body first;
 * a value of another shape is passed through for validation to see.
 */
export function decodeService(obj: Service): Service {
  const raw: unknown = obj.spec;
  if (!isPlainObject(raw)) return { ...obj, spec: {} };
  const spec = dropNulls(raw) as ServiceSpec;
  if (Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((p: unknown) => (isPlainObject(p) ? (dropNulls(p) as unknown as ServicePort) : p) as ServicePort);
  }
  const sac: unknown = spec.sessionAffinityConfig;
  if (isPlainObject(sac)) {
    const clientIP: unknown = sac.clientIP;
    spec.sessionAffinityConfig = isPlainObject(clientIP) ? { clientIP: dropNulls(clientIP) } : {};
  }
  return { ...obj, spec };
}

/** ServiceSpec fields in Go's struct order (the order kube-apiserver writes them). */
const specOrder: Array<keyof ServiceSpec> = [
  'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
  'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
  'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
  'internalTrafficPolicy', 'trafficDistribution',
];
const portOrder: Array<keyof ServicePort> = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'];

/** Pointer fields: kept even when false or empty, since only nil is omitted. */
const pointerFields = new Set<string>(['sessionAffinityConfig', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution']);

function isZero(v: unknown): boolean {
  if (v === '' || v === 0 || v === false || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

/** Copies `src` with known keys first in `order`, zero omitempty values dropped, unknown keys last. */
function ordered<T extends object>(src: T, order: ReadonlyArray<keyof T>, keep: (k: string, v: unknown) => boolean): T {
  const out: Record<string, unknown> = {};
  const rec = src as Record<string, unknown>;
  const known = order as readonly PropertyKey[] as readonly string[];
  for (const k of known) if (k in rec && keep(k, rec[k])) out[k] = rec[k];
  for (const [k, v] of Object.entries(rec)) if (!(k in out) && !known.includes(k)) out[k] = v;
  return out as T;
}

/**
 * kube's wire form of a Service spec: Go's field order, and the zero values of omitempty fields
 * dropped (nil pointers are absent already; a pointer to false stays).
 */
export function compactService(svc: Service): Service {
  const spec = ordered(svc.spec ?? {}, specOrder, (k, v) => pointerFields.has(k) || !isZero(v));
  if (spec.ports) {
    spec.ports = spec.ports.map((p) => ordered(p, portOrder, (k, v) => k === 'port' || !isZero(v)));
  }
  return { ...svc, spec };
}
