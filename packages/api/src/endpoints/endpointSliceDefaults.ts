/**
 * An EndpointSlice body as kube-apiserver decodes and defaults it into discovery/v1.
 *
 * Contract (pure; returns a new object, never edits its input):
 * - Every port gets `name: ""` and `protocol: "TCP"` when they are absent or null
 *   (SetDefaults_EndpointPort); an explicit `protocol: ""` stays, and validation refuses it.
 * - JSON nulls are Go's zero values: a null endpoint or port is an empty one, a null address ""
 *   and a null field absent. `conditions` is a struct, so it is always there (`{}` at least).
 * - Endpoint and port fields come out in Go's struct order. Pointer fields (hostname, nodeName,
 *   zone, port, appProtocol, the conditions) keep an empty value; empty hint lists are dropped.
 * - `endpoints` and `ports` themselves stay as sent (absent stays absent).
 * Upstream: pkg/apis/discovery/v1/defaults.go, staging/src/k8s.io/api/discovery/v1/types.go
 */
import { isPlainObject } from '../types.js';
import { listOf, withoutNulls } from './endpointsDefaults.js';
import type { Endpoint, EndpointConditions, EndpointHints, EndpointSlice, ObjectReference, SlicePort } from './types.js';

export function defaultEndpointSlice(obj: EndpointSlice): EndpointSlice {
  const out: EndpointSlice = { ...obj };
  if (out.addressType === null) delete out.addressType;
  if (Array.isArray(obj.endpoints)) out.endpoints = obj.endpoints.map(decodeEndpoint);
  else delete out.endpoints;
  if (Array.isArray(obj.ports)) out.ports = obj.ports.map(decodeSlicePort);
  else delete out.ports;
  return out;
}

function decodeEndpoint(raw: unknown): Endpoint {
  const e = withoutNulls(raw);
  const out: Endpoint = {};
  if (Array.isArray(e.addresses)) out.addresses = e.addresses.map((a: unknown) => (typeof a === 'string' ? a : ''));
  out.conditions = withoutNulls(e.conditions) as EndpointConditions;
  if (typeof e.hostname === 'string') out.hostname = e.hostname;
  if (e.targetRef !== undefined) out.targetRef = withoutNulls(e.targetRef) as ObjectReference;
  if (isPlainObject(e.deprecatedTopology)) {
    out.deprecatedTopology = Object.fromEntries(Object.entries(e.deprecatedTopology).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  }
  if (typeof e.nodeName === 'string') out.nodeName = e.nodeName;
  if (typeof e.zone === 'string') out.zone = e.zone;
  if (e.hints !== undefined) out.hints = decodeHints(e.hints);
  return out;
}

function decodeHints(raw: unknown): EndpointHints {
  const h = withoutNulls(raw);
  const out: EndpointHints = {};
  const named = (v: unknown) => listOf(v).map((x) => {
    const name = withoutNulls(x).name;
    return { name: typeof name === 'string' ? name : '' };
  });
  const forZones = named(h.forZones);
  const forNodes = named(h.forNodes);
  if (forZones.length) out.forZones = forZones;
  if (forNodes.length) out.forNodes = forNodes;
  return out;
}

function decodeSlicePort(raw: unknown): SlicePort {
  const p = withoutNulls(raw);
  const out: SlicePort = {
    name: typeof p.name === 'string' ? p.name : '',
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
  };
  if (typeof p.port === 'number') out.port = p.port;
  if (typeof p.appProtocol === 'string') out.appProtocol = p.appProtocol;
  return out;
}
