/**
 * Decoding a Service body the way Go's encoding/json into v1.Service would: JSON nulls become
 * absent (Go's zero value / nil pointer), and a value of the wrong JSON type is refused with
 * Go's error text, wrapped as kube wraps decode errors (400 BadRequest):
 *
 *   Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into
 *   Go struct field ServicePort.spec.ports.port of type int32
 *
 * `compactService` is the other direction: it drops the zero values of omitempty fields, so a
 * stored Service reads back the way kube-apiserver serialises it.
 *
 * Contract: pure; both return new objects and never edit their input (the objects they return
 * may share nested values with it, so callers copy before editing: defaultService does).
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (json tags), encoding/json UnmarshalTypeError
 */
import { BadRequest } from '../errors.js';
import { isPlainObject } from '../types.js';
import type { Service, ServicePort, ServiceSpec } from './types.js';

type Kind = 'string' | 'int32' | 'bool' | '[]string' | 'map[string]string' | 'IntOrString';

const specFields: Record<string, Kind> = {
  type: 'string', clusterIP: 'string', clusterIPs: '[]string', ipFamilies: '[]string', ipFamilyPolicy: 'string',
  externalName: 'string', externalIPs: '[]string', sessionAffinity: 'string', externalTrafficPolicy: 'string',
  internalTrafficPolicy: 'string', healthCheckNodePort: 'int32', allocateLoadBalancerNodePorts: 'bool',
  loadBalancerClass: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: '[]string',
  publishNotReadyAddresses: 'bool', trafficDistribution: 'string', selector: 'map[string]string',
};

const portFields: Record<string, Kind> = {
  name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'IntOrString', nodePort: 'int32',
};

/** Go's name for the go type in the error (`v1.IPFamilyPolicy` etc. are reported as their kind). */
const goTypeName: Record<Kind, string> = {
  string: 'string', int32: 'int32', bool: 'bool', '[]string': '[]string', 'map[string]string': 'map[string]string', IntOrString: 'intstr.IntOrString',
};

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
    case 'IntOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31);
    case '[]string':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null);
    case 'map[string]string':
      return isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string' || x === null);
  }
}

function refuse(v: unknown, struct: string, path: string, goType: string): never {
  const value = typeof v === 'number' ? `number ${v}` : jsonType(v);
  throw new BadRequest(`Service in version "v1" cannot be handled as a Service: json: cannot unmarshal ${value} into Go struct field ${struct}.${path} of type ${goType}`);
}

function decodeFields(src: Record<string, unknown>, table: Record<string, Kind>, struct: string, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (v === null) continue;
    const kind = table[k];
    if (kind && !fits(kind, v)) refuse(v, struct, `${path}.${k}`, goTypeName[kind]);
    // Go decodes a null list element or map value as the zero value, "".
    if (kind === '[]string') out[k] = (v as unknown[]).map((x) => x ?? '');
    else if (kind === 'map[string]string') out[k] = Object.fromEntries(Object.entries(v as object).map(([mk, mv]) => [mk, mv ?? '']));
    else out[k] = v; // shared, not copied: callers copy before they edit (defaultService)
  }
  return out;
}

/** Checks and cleans the spec of a Service body. Throws BadRequest with Go's decode text. */
export function decodeService(obj: Service): Service {
  const raw: unknown = obj.spec;
  if (raw === undefined || raw === null) return { ...obj, spec: {} };
  if (!isPlainObject(raw)) refuse(raw, 'Service', 'spec', 'v1.ServiceSpec');
  const spec = decodeFields(raw, specFields, 'ServiceSpec', 'spec') as ServiceSpec;
  if ('ports' in spec) {
    if (!Array.isArray(spec.ports)) refuse(spec.ports, 'ServiceSpec', 'spec.ports', '[]v1.ServicePort');
    spec.ports = spec.ports.map((p: unknown) => {
      if (!isPlainObject(p)) return refuse(p, 'ServiceSpec', 'spec.ports', 'v1.ServicePort');
      return decodeFields(p, portFields, 'ServicePort', 'spec.ports') as unknown as ServicePort;
    });
  }
  const sac: unknown = spec.sessionAffinityConfig;
  if (sac !== undefined) {
    if (!isPlainObject(sac)) refuse(sac, 'ServiceSpec', 'spec.sessionAffinityConfig', 'v1.SessionAffinityConfig');
    const clientIP: unknown = sac.clientIP;
    if (clientIP === null || clientIP === undefined) spec.sessionAffinityConfig = {};
    else if (!isPlainObject(clientIP)) refuse(clientIP, 'SessionAffinityConfig', 'spec.sessionAffinityConfig.clientIP', 'v1.ClientIPConfig');
    else {
      const t = decodeFields(clientIP, { timeoutSeconds: 'int32' }, 'ClientIPConfig', 'spec.sessionAffinityConfig.clientIP');
      spec.sessionAffinityConfig = { clientIP: t };
    }
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
