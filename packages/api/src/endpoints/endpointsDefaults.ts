/**
 * An Endpoints body as kube-apiserver decodes and defaults it into v1.Endpoints.
 *
 * Contract (pure; returns a new object, never edits its input):
 * - JSON nulls are Go's zero values: a null subset, address or port is an empty one, a null field
 *   is absent (`ip` and `port` read as "" and 0, so validation reports them).
 * - Every port without a protocol (absent, null or "") gets `TCP` (SetDefaults_Endpoints), so
 *   the "protocol: Required value" rule of validation is never reached over the API.
 * - Fields come out in Go's struct order; empty `omitempty` values (hostname, port name, empty
 *   lists) are dropped, the way kube serialises the stored object. `nodeName` and `appProtocol`
 *   are pointers: an empty string is kept.
 * Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_Endpoints), staging/src/k8s.io/api/core/v1/types.go
 */
import { isPlainObject } from '../types.js';
import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset, ObjectReference } from './types.js';

export function defaultEndpoints(obj: Endpoints): Endpoints {
  const out: Endpoints = { ...obj };
  const subsets = listOf(obj.subsets).map(decodeSubset);
  if (subsets.length) out.subsets = subsets;
  else delete out.subsets;
  return out;
}

/** A JSON list field as Go reads it: null or absent is empty. */
export function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A copy of an object value without its null members (Go: nil pointers, zero strings). */
export function withoutNulls(v: unknown): Record<string, unknown> {
  if (!isPlainObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined));
}

function decodeSubset(raw: unknown): EndpointSubset {
  const s = withoutNulls(raw);
  const out: EndpointSubset = {};
  const addresses = listOf(s.addresses).map(decodeAddress);
  const notReady = listOf(s.notReadyAddresses).map(decodeAddress);
  const ports = listOf(s.ports).map(decodePort);
  if (addresses.length) out.addresses = addresses;
  if (notReady.length) out.notReadyAddresses = notReady;
  if (ports.length) out.ports = ports;
  return out;
}

function decodeAddress(raw: unknown): EndpointAddress {
  const a = withoutNulls(raw);
  const out: EndpointAddress = { ip: typeof a.ip === 'string' ? a.ip : '' };
  if (typeof a.hostname === 'string' && a.hostname) out.hostname = a.hostname;
  if (typeof a.nodeName === 'string') out.nodeName = a.nodeName;
  if (a.targetRef !== undefined) out.targetRef = withoutNulls(a.targetRef) as ObjectReference;
  return out;
}

function decodePort(raw: unknown): EndpointPort {
  const p = withoutNulls(raw);
  const out: EndpointPort = typeof p.name === 'string' && p.name ? { name: p.name, port: 0 } : { port: 0 };
  out.port = typeof p.port === 'number' ? p.port : 0;
  out.protocol = typeof p.protocol === 'string' && p.protocol ? p.protocol : 'TCP';
  if (typeof p.appProtocol === 'string') out.appProtocol = p.appProtocol;
  return out;
}
