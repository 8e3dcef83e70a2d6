/**
 * A Service's EndpointSlices as the shards they are: each slice's fill out of the controller's
 * `--max-endpoints-per-slice`, and one box per endpoint with the state its conditions give.
 *
 * Contract (pure):
 * - A slice belongs to the Service named by its `kubernetes.io/service-name` label, in the same
 *   namespace (how kube-proxy and the controller find them).
 * - Endpoint state: `terminating` when conditions.terminating is true (whatever serving says),
 *   else `ready` when ready is true (nil counts as ready, as the API defines), else `serving`
 *   when serving is true (a ready-but-not-yet pod published early), else `notready`.
 * - Slices are ordered by name, endpoints keep the slice's order (the controller's own).
 * Upstream: staging/src/k8s.io/api/discovery/v1/types.go (EndpointConditions),
 * pkg/controller/endpointslice (packing; KEP-0752)
 */
import { objectKey, type Endpoint, type EndpointSlice, type Endpoints } from './kube.js';

export const serviceNameLabel = 'kubernetes.io/service-name';

/** kube-controller-manager's default `--max-endpoints-per-slice`. */
export const defaultMaxEndpointsPerSlice = 100;

export type EndpointState = 'ready' | 'serving' | 'terminating' | 'notready';

export interface EndpointBox {
  address: string;
  state: EndpointState;
  /** The pod (targetRef) it stands for, when it names one. */
  pod?: string;
  nodeName?: string;
}

export interface SliceShard {
  name: string;
  addressType: string;
  /** How many endpoints it holds, and out of how many it may. */
  size: number;
  max: number;
  boxes: EndpointBox[];
  ports: string[];
}

export function endpointState(e: Endpoint): EndpointState {
  const c = e.conditions ?? {};
  if (c.terminating === true) return 'terminating';
  if (c.ready !== false) return 'ready';
  if (c.serving === true) return 'serving';
  return 'notready';
}

/** The slices of Service ns/name, from every slice in the store. */
export function slicesOfService(slices: Iterable<EndpointSlice>, namespace: string, name: string): EndpointSlice[] {
  const out: EndpointSlice[] = [];
  for (const s of slices) {
    if ((s.metadata.namespace ?? '') === namespace && s.metadata.labels?.[serviceNameLabel] === name) out.push(s);
  }
  return out.sort(byName);
}

function byName(a: EndpointSlice, b: EndpointSlice): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Every slice by the Service it belongs to ("ns/name"), each list ordered as slicesOfService orders it. */
export function slicesByService(slices: Iterable<EndpointSlice>): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[serviceNameLabel];
    if (svc === undefined) continue;
    const key = `${s.metadata.namespace ?? ''}/${svc}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  for (const list of out.values()) list.sort(byName);
  return out;
}

export function sliceShard(s: EndpointSlice, max: number): SliceShard {
  const endpoints = s.endpoints ?? [];
  return {
    name: s.metadata.name,
    addressType: s.addressType,
    size: endpoints.length,
    max,
    boxes: endpoints.map((e) => ({
      address: e.addresses[0] ?? '',
      state: endpointState(e),
      ...(e.targetRef?.name ? { pod: e.targetRef.name } : {}),
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
    })),
    ports: (s.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}/${p.protocol ?? 'TCP'}`),
  };
}

/** The Endpoints object's addresses, ready and not, as `ip` lists (kubectl's ENDPOINTS column reads the same). */
export function endpointsAddresses(e: Endpoints | undefined): { ready: string[]; notReady: string[]; ports: string[] } {
  const ready: string[] = [];
  const notReady: string[] = [];
  const ports = new Set<string>();
  for (const sub of e?.subsets ?? []) {
    for (const a of sub.addresses ?? []) ready.push(a.ip);
    for (const a of sub.notReadyAddresses ?? []) notReady.push(a.ip);
    for (const p of sub.ports ?? []) ports.add(`${p.port}/${p.protocol ?? 'TCP'}`);
  }
  return { ready, notReady, ports: [...ports] };
}

/** The key of the Endpoints object a Service has (same namespace and name). */
export function endpointsKeyOf(svc: { metadata: { namespace?: string; name: string } }): string {
  return objectKey(svc);
}
