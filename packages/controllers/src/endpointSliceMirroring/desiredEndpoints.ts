/**
 * desiredEndpoints: what an Endpoints object's subsets become as EndpointSlice content — the
 * first half of the mirroring reconciler, pure.
 *
 * Contract
 * - The subsets are first canonicalised as kube's RepackSubsets does: an address is identified by
 *   its IP and targetRef.uid (the first copy of it wins); per port, an address listed both ready
 *   and not ready is not ready ("not ready always trumps ready"); ports offered by exactly the
 *   same addresses (with the same readiness) form one subset; a port without addresses is
 *   dropped, an address without ports is kept (under no port); then kube's SortSubsets order
 *   (endpoints/sortSubsets.ts: addresses by IP and uid, ports and subsets by md5 of their Go dump).
 * - Each canonical subset yields one group per address family (IPv4, IPv6) keyed by family and
 *   its unordered port set; groups of equal key merge. A family with no addresses still has its
 *   (empty) group, so slices of that key get deleted.
 * - Per subset at most `maxPerSubset` addresses are taken, ready ones first; the rest are
 *   counted in `skipped`, as are invalid IPs (also listed in `invalidIPs`). IPs are parsed
 *   sloppily (leading zeros) and written canonically; IPv4-mapped IPv6 is IPv4.
 * - An endpoint is `{addresses: [ip], conditions: {ready}}` plus the address's hostname,
 *   nodeName and targetRef. Within a group endpoints are de-duplicated by `endpointHash`
 *   (addresses, hostname, targetRef namespace/name), the later one winning, as kube's EndpointSet.
 * - Endpoints ports default as the apiserver defaults them: name "", protocol TCP.
 * Upstream: pkg/controller/endpointslicemirroring/{reconciler.go (reconcile),reconciler_helpers.go,utils.go},
 * pkg/api/v1/endpoints/util.go (RepackSubsets), staging/src/k8s.io/endpointslice/util/endpointset.go
 */
import { formatIP, parseIP } from '@miniplane/api/allocators/index';
import type { Endpoint, EndpointAddress, EndpointPort, EndpointSubset, SlicePort } from './endpointTypes.js';
import { sortSubsets } from '../endpoints/sortSubsets.js';

export type IPAddressType = 'IPv4' | 'IPv6';

export interface DesiredGroup {
  /** `<addressType>-<port set>`; equal for an existing slice of the same family and ports. */
  key: string;
  addressType: IPAddressType;
  ports: SlicePort[];
  /** endpointHash → endpoint, in the order first added. */
  endpoints: Map<string, Endpoint>;
}

export interface DesiredState {
  /** By key, in the order the canonical subsets produced them (IPv4 before IPv6). */
  groups: Map<string, DesiredGroup>;
  /** The invalid IPs skipped, in order. */
  invalidIPs: string[];
  /** Addresses not mirrored: invalid ones plus those past the per-subset cap. */
  skipped: number;
}

export function desiredEndpoints(subsets: readonly EndpointSubset[] | undefined, maxPerSubset: number): DesiredState {
  const state: DesiredState = { groups: new Map(), invalidIPs: [], skipped: 0 };
  for (const subset of repackSubsets(subsets ?? [])) {
    const ports = (subset.ports ?? []).map(toSlicePort);
    const byFamily = { IPv4: groupFor(state, 'IPv4', ports), IPv6: groupFor(state, 'IPv6', ports) };
    const ready = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    let added = 0;
    for (const [list, isReady] of [[ready, true], [notReady, false]] as const) {
      for (const address of list) {
        if (added >= maxPerSubset) break;
        const converted = addressToEndpoint(address, isReady);
        if (!converted) {
          state.invalidIPs.push(address.ip);
          continue;
        }
        byFamily[converted.addressType].endpoints.set(endpointHash(converted.endpoint), converted.endpoint);
        added++;
      }
    }
    state.skipped += ready.length + notReady.length - added;
  }
  return state;
}

function groupFor(state: DesiredState, addressType: IPAddressType, ports: SlicePort[]): DesiredGroup {
  const key = groupKey(addressType, ports);
  let group = state.groups.get(key);
  if (!group) state.groups.set(key, (group = { key, addressType, ports, endpoints: new Map() }));
  else group.ports = ports;
  return group;
}

/** The key of a family and an unordered set of ports (kube's addrTypePortMapKey). */
export function groupKey(addressType: string, ports: readonly SlicePort[] | undefined): string {
  const known = ports && groupKeys.get(ports);
  if (known?.addressType === addressType) return known.key;
  const each = (ports ?? []).map((p) => canonicalJSON(normalizeSlicePort(p))).sort();
  const key = `${addressType}-${JSON.stringify(each)}`;
  if (ports && Object.isFrozen(ports) && ports.every((p) => Object.isFrozen(p))) groupKeys.set(ports, { addressType, key });
  return key;
}

// Per frozen (informer-cached) port list: a slice's key is asked on every sync of its owner.
const groupKeys = new WeakMap<readonly SlicePort[], { addressType: string; key: string }>();

/** What discovery/v1 defaulting makes of a port: name "", protocol TCP. */
function normalizeSlicePort(p: SlicePort): SlicePort {
  return { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol };
}

function toSlicePort(p: EndpointPort): SlicePort {
  const out: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
  if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
  return out;
}

/** addressToEndpoint: undefined if the IP does not parse. */
function addressToEndpoint(a: EndpointAddress, ready: boolean): { endpoint: Endpoint; addressType: IPAddressType } | undefined {
  const ip = typeof a.ip === 'string' ? parseIP(a.ip) : undefined;
  if (!ip) return undefined;
  const endpoint: Endpoint = { addresses: [formatIP(ip.family, ip.value)], conditions: { ready } };
  if (a.hostname) endpoint.hostname = a.hostname;
  if (a.targetRef) endpoint.targetRef = { ...a.targetRef };
  if (a.nodeName) endpoint.nodeName = a.nodeName;
  return { endpoint, addressType: ip.family };
}

const hashes = new WeakMap<Endpoint, string>();

/**
 * kube's hashEndpoint: what makes two endpoints "the same endpoint" (sorted addresses, hostname,
 * targetRef namespace/name). Remembered per frozen endpoint object (the informer caches' and the
 * desired-endpoint cache's), which are hashed on every sync of their Service.
 */
export function endpointHash(e: Endpoint): string {
  let h = hashes.get(e);
  if (h === undefined) {
    h = JSON.stringify([[...(e.addresses ?? [])].sort(), e.hostname ?? '', e.targetRef?.namespace ?? '', e.targetRef?.name ?? '']);
    if (Object.isFrozen(e) && Object.isFrozen(e.addresses) && Object.isFrozen(e.targetRef ?? {})) hashes.set(e, h);
  }
  return h;
}

/** kube's EndpointsEqualBeyondHash: the fields the hash leaves out, hints not among them (compared field by field: this runs per endpoint per sync). */
export function sameBeyondHash(a: Endpoint, b: Endpoint): boolean {
  const c1 = a.conditions ?? {};
  const c2 = b.conditions ?? {};
  return a.nodeName === b.nodeName && a.zone === b.zone
    && c1.ready === c2.ready && c1.serving === c2.serving && c1.terminating === c2.terminating
    && sameRef(a.targetRef, b.targetRef);
}

function sameRef(a: Endpoint['targetRef'], b: Endpoint['targetRef']): boolean {
  if (!a || !b) return !a === !b;
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.uid === b.uid
    && a.apiVersion === b.apiVersion && a.resourceVersion === b.resourceVersion && a.fieldPath === b.fieldPath;
}

/** JSON with sorted keys and without undefined/null members, for equality of plain data. */
export function canonicalJSON(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const entries = Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined && y !== null);
    return Object.fromEntries(entries.sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
  }) ?? 'undefined';
}

type PortEntry = { port: EndpointPort | undefined; ready: Map<string, boolean> };
const noPort: readonly (EndpointPort | undefined)[] = [undefined];

/** RepackSubsets (see the header). Runs over every address of a Service per sync: no allocation per address but its key. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const firstCopy = new Map<string, EndpointAddress>();
  // port text ('' = the no-port sentinel) → its port and address key → ready
  const byPort = new Map<string, PortEntry>();
  const note = (pk: string, raw: EndpointPort | undefined, list: readonly EndpointAddress[] | undefined, ready: boolean): void => {
    if (!list?.length) return;
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port: raw && { ...raw, name: raw.name ?? '', protocol: raw.protocol ?? 'TCP' }, ready: new Map() }));
    for (const a of list) {
      const ak = addressKey(a);
      if (!firstCopy.has(ak)) firstCopy.set(ak, a);
      if (entry.ready.get(ak) !== false) entry.ready.set(ak, ready);
    }
  };
  for (const s of subsets) {
    for (const raw of s.ports?.length ? s.ports : noPort) {
      const pk = raw ? portKey(raw) : '';
      note(pk, raw, s.addresses, true);
      note(pk, raw, s.notReadyAddresses, false);
    }
  }
  // Ports offered by the same addresses (with the same readiness) share a subset.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    // One port (the usual case) is one group: its address set need not be written out as a key.
    const gk = byPort.size === 1 ? '' : JSON.stringify([...ready.entries()].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const packed = [...groups.values()].map(({ ready, ports }) => {
    const addresses: EndpointAddress[] = [];
    const notReadyAddresses: EndpointAddress[] = [];
    for (const [k, r] of ready) (r ? addresses : notReadyAddresses).push(firstCopy.get(k)!);
    return { addresses, notReadyAddresses, ports };
  });
  return sortSubsets(packed);
}

function addressKey(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
}

/** The identity of a port as defaulted (name "", protocol TCP): every field of EndpointPort. */
function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? 'TCP'}\u0000${p.appProtocol ?? '\u0001'}`;
}

