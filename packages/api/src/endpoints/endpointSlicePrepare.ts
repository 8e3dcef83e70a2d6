/**
 * The EndpointSlice strategy's create and update preparation, on defaulted slices.
 *
 * Contract (pure; returns new objects, never edits its inputs):
 * - create: `metadata.generation` is 1; `hints.forNodes` is dropped (its feature gate,
 *   PreferSameTrafficDistribution, is alpha and off in v1.33); `deprecatedTopology` is wiped, as
 *   on every discovery/v1 write.
 * - update: the generation is the stored one, plus 1 when anything outside metadata changed or
 *   the labels did (nil and empty lists and maps compare equal, as Go's semantic equality has
 *   it; the client's own generation is ignored). `hints.forNodes` is dropped unless a stored
 *   endpoint already has it. When the endpoints change, `deprecatedTopology` is wiped; an
 *   endpoint without nodeName first takes its `kubernetes.io/hostname` value if the stored slice
 *   named that node there (partial updates from old clients keep their node).
 * Upstream: pkg/registry/discovery/endpointslice/strategy.go (PrepareForCreate, PrepareForUpdate,
 * dropDisabledFieldsOnCreate/OnUpdate, dropTopologyOnV1)
 */
import { isPlainObject, type ObjectMeta } from '../types.js';
import { isDNS1123Subdomain } from '../validation/names.js';
import { hostnameTopologyKey, type Endpoint, type EndpointSlice } from './types.js';

export function prepareEndpointSliceForCreate(obj: EndpointSlice): EndpointSlice {
  const out: EndpointSlice = { ...obj, metadata: { ...obj.metadata, generation: 1 } };
  if (obj.endpoints) out.endpoints = obj.endpoints.map((ep) => withoutTopology(withoutNodeHints(ep)));
  return out;
}

export function prepareEndpointSliceForUpdate(next: EndpointSlice, old: EndpointSlice): EndpointSlice {
  const changed = !semanticEqual(content(next), content(old)) || !semanticEqual(next.metadata.labels, old.metadata.labels);
  const generation = (old.metadata.generation ?? 0) + (changed ? 1 : 0);
  const metadata: ObjectMeta = { ...next.metadata, generation };
  if (!generation) delete metadata.generation;
  const out: EndpointSlice = { ...next, metadata };
  if (!next.endpoints) return out;
  const keepNodeHints = (old.endpoints ?? []).some((ep) => ep.hints?.forNodes !== undefined);
  let endpoints = keepNodeHints ? next.endpoints : next.endpoints.map(withoutNodeHints);
  // Unchanged endpoints keep whatever topology they had; changed ones lose it.
  if (!semanticEqual(endpoints, old.endpoints)) {
    const known = topologyNodeNames(old);
    endpoints = endpoints.map((ep) => withoutTopology(ep, known));
  }
  out.endpoints = endpoints;
  return out;
}

/** Everything a generation counts: the object without metadata and type meta. */
function content(s: EndpointSlice): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = s;
  return rest;
}

function withoutNodeHints(ep: Endpoint): Endpoint {
  if (ep.hints?.forNodes === undefined) return ep;
  const { forNodes: _dropped, ...hints } = ep.hints;
  return { ...ep, hints };
}

function withoutTopology(ep: Endpoint, knownNodes: ReadonlySet<string> = new Set()): Endpoint {
  if (ep.deprecatedTopology === undefined) return ep;
  const { deprecatedTopology: topology, ...rest } = ep;
  const node = topology[hostnameTopologyKey];
  if (rest.nodeName === undefined && node !== undefined && knownNodes.has(node) && isDNS1123Subdomain(node).length === 0) {
    rest.nodeName = node;
  }
  return rest;
}

function topologyNodeNames(s: EndpointSlice): Set<string> {
  const names = new Set<string>();
  for (const ep of s.endpoints ?? []) {
    const node = ep.deprecatedTopology?.[hostnameTopologyKey];
    if (node) names.add(node);
  }
  return names;
}

/** Go's semantic equality on JSON: absent, null, [] and {} are all the zero value. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return a === b;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}
