/**
 * The endpoints a Service's pods should have in its EndpointSlices, per (address type, port set):
 * `desiredPortMaps` computes them from scratch (pure), `DesiredEndpointCache` keeps them per
 * Service and recomputes only the pods that changed (the EndpointSlice controller's sync path:
 * one pod's readiness flip in a 10,000-pod Service recomputes one pod, not 10,000).
 *
 * Contract
 * - `podContribution(service, pod, node, addressTypes)`: nothing for a pod that should not be in
 *   the endpoints (`shouldPodBeInEndpoints(pod, true)`: terminating pods count); `requeue` for a pod
 *   on a node missing from the cache (left out unless publishNotReadyAddresses, then it goes in
 *   without a zone); else per address type with a pod IP of that family one `podToEndpoint`
 *   endpoint under the key of that type and the ports the pod resolves (`resolvePorts`). The
 *   endpoints are deep-frozen: they are shared between syncs and must never be modified.
 * - `desiredPortMaps(...)`: the contributions of the selected pods in name order, grouped by key
 *   (a port map per key, in order of first use), endpoints by `endpointHash`.
 * - `DesiredEndpointCache.desired(key, service, namespacePods, node)` gives the same port maps
 *   and `requeue`, reusing a pod's contribution while the pod object, its node object and the
 *   Service object are the ones it was computed from (informer caches replace objects, never
 *   modify them). The endpoints are the same; their order in a port map is the order pods first
 *   got there (pods new in one call by name), which only decides where new endpoints are packed.
 *   A Service object replaced (any update) starts its state afresh; `forget(key)` drops it. The
 *   returned port maps are the cache's own: read them before the next call for that key.
 * - `changesSince(key)`: the endpoints (port-map key, hash) that changed, were added or went
 *   since `settled(key)`, or undefined when the state started afresh since then.
 * Upstream: staging/src/k8s.io/endpointslice/reconciler.go (Reconcile: the desired endpoint sets
 * by port map), pkg/controller/endpointslice/endpointslice_controller.go (syncService)
 */
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import { endpointHash, groupKey } from '../endpointSliceMirroring/desiredEndpoints.js';
import type { AddressType, Endpoint, SlicePort } from '../endpointSliceMirroring/endpointTypes.js';
import { podToEndpoint, resolvePorts, selectedPods, selectorMatches, serviceAddressTypes, shouldPodBeInEndpoints } from './podEndpoints.js';
import type { DesiredPortMap } from './sliceReconciler.js';

export interface DesiredEndpoints {
  portMaps: DesiredPortMap[];
  /** A selected pod's node was missing from the cache. */
  requeue: boolean;
}

interface ContributedEndpoint {
  key: string;
  addressType: AddressType;
  ports: SlicePort[];
  hash: string;
  endpoint: Endpoint;
}

export interface PodContribution {
  requeue: boolean;
  endpoints: ContributedEndpoint[];
}

const none: PodContribution = { requeue: false, endpoints: [] };
const requeueOnly: PodContribution = { requeue: true, endpoints: [] };

// groupKey is canonical JSON: remembered per distinct port list (bounded).
const portKeys = new Map<string, string>();
function portMapKey(addressType: AddressType, ports: SlicePort[]): string {
  const fast = `${addressType}|${ports.map((p) => `${p.name}\u0000${p.port}\u0000${p.protocol}\u0000${p.appProtocol ?? '\u0001'}`).join('\n')}`;
  let key = portKeys.get(fast);
  if (key === undefined) {
    if (portKeys.size >= 10_000) portKeys.clear();
    portKeys.set(fast, (key = groupKey(addressType, ports)));
  }
  return key;
}

export function podContribution(service: Service, pod: Pod, node: NodeObject | undefined, addressTypes: readonly AddressType[]): PodContribution {
  if (!shouldPodBeInEndpoints(pod, true)) return none;
  if (pod.spec?.nodeName && !node && !service.spec?.publishNotReadyAddresses) return requeueOnly;
  const ports = resolvePorts(service, pod);
  const endpoints: ContributedEndpoint[] = [];
  for (const addressType of addressTypes) {
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (!endpoint.addresses.length) continue;
    deepFreeze(endpoint);
    endpoints.push({ key: portMapKey(addressType, ports), addressType, ports, hash: endpointHash(endpoint), endpoint });
  }
  return { requeue: false, endpoints };
}

/** A desired endpoint that changed: `added` when it was not desired before. */
export interface EndpointChange {
  key: string;
  hash: string;
  added: boolean;
}

type Changes = Map<string, EndpointChange>;

function note(changes: Changes | undefined, key: string, hash: string, added: boolean): void {
  if (!changes) return;
  const id = `${key}\n${hash}`;
  const had = changes.get(id);
  if (had?.added && !added) changes.delete(id); // added, then gone again: no change
  else if (!had) changes.set(id, { key, hash, added });
}

function add(maps: Map<string, DesiredPortMap>, c: PodContribution, changes?: Changes): void {
  for (const e of c.endpoints) {
    let map = maps.get(e.key);
    if (!map) maps.set(e.key, (map = { addressType: e.addressType, ports: e.ports, endpoints: new Map() }));
    note(changes, e.key, e.hash, !map.endpoints.has(e.hash));
    map.endpoints.set(e.hash, e.endpoint);
  }
}

/** Takes out what `old` put in that `now` does not (an endpoint kept keeps its place). */
function remove(maps: Map<string, DesiredPortMap>, old: PodContribution, now: PodContribution, changes?: Changes): void {
  for (const e of old.endpoints) {
    if (now.endpoints.some((n) => n.key === e.key && n.hash === e.hash)) continue;
    const map = maps.get(e.key);
    map?.endpoints.delete(e.hash);
    note(changes, e.key, e.hash, false);
    if (map && map.endpoints.size === 0) maps.delete(e.key);
  }
}

export function desiredPortMaps(service: Service, pods: readonly Pod[], node: (name: string) => NodeObject | undefined): DesiredEndpoints {
  const addressTypes = serviceAddressTypes(service);
  const maps = new Map<string, DesiredPortMap>();
  let requeue = false;
  for (const pod of selectedPods(service, pods)) {
    const c = podContribution(service, pod, pod.spec?.nodeName ? node(pod.spec.nodeName) : undefined, addressTypes);
    requeue ||= c.requeue;
    add(maps, c);
  }
  return { portMaps: [...maps.values()], requeue };
}

interface PodEntry {
  pod: Pod;
  node: NodeObject | undefined;
  contribution: PodContribution;
  seen: number;
}

interface ServiceState {
  service: Service;
  addressTypes: AddressType[];
  byPod: Map<string, PodEntry>;
  maps: Map<string, DesiredPortMap>;
  requeueing: number;
  round: number;
  /** Since `settled`: the endpoints changed, or undefined when everything is new. */
  changes: Changes | undefined;
}

export class DesiredEndpointCache {
  private readonly byService = new Map<string, ServiceState>();

  desired(key: string, service: Service, pods: readonly Pod[], node: (name: string) => NodeObject | undefined): DesiredEndpoints {
    let state = this.byService.get(key);
    if (state?.service !== service) {
      state = { service, addressTypes: serviceAddressTypes(service), byPod: new Map(), maps: new Map(), requeueing: 0, round: 0, changes: undefined };
      this.byService.set(key, state);
    }
    const round = ++state.round;
    const selector = service.spec?.selector ?? {};
    const changed: Array<{ pod: Pod; node: NodeObject | undefined }> = [];
    for (const pod of pods) {
      const name = pod.metadata.name ?? '';
      const entry = state.byPod.get(name);
      const podNode = pod.spec?.nodeName ? node(pod.spec.nodeName) : undefined;
      if (entry && entry.pod === pod && entry.node === podNode) {
        entry.seen = round;
        continue;
      }
      if (pod.metadata.namespace === service.metadata.namespace && selectorMatches(selector, pod.metadata.labels)) changed.push({ pod, node: podNode });
    }
    const changedNames = new Set(changed.map((c) => c.pod.metadata.name ?? ''));
    for (const [name, entry] of state.byPod) {
      if (entry.seen === round || changedNames.has(name)) continue;
      this.set(state, name, entry, undefined);
    }
    changed.sort((a, b) => ((a.pod.metadata.name ?? '') < (b.pod.metadata.name ?? '') ? -1 : 1));
    for (const c of changed) {
      const name = c.pod.metadata.name ?? '';
      this.set(state, name, state.byPod.get(name), { pod: c.pod, node: c.node, seen: round, contribution: podContribution(service, c.pod, c.node, state.addressTypes) });
    }
    return { portMaps: [...state.maps.values()], requeue: state.requeueing > 0 };
  }

  /**
   * The endpoints changed by the `desired` calls for `key` since `settled(key)`; undefined when
   * the state started afresh since (a new or replaced Service: everything changed).
   */
  changesSince(key: string): Iterable<EndpointChange> | undefined {
    return this.byService.get(key)?.changes?.values();
  }

  /** The slices now hold what the last `desired` answer said: changes count from here. */
  settled(key: string): void {
    const state = this.byService.get(key);
    if (state) state.changes = new Map();
  }

  forget(key: string): void {
    this.byService.delete(key);
  }

  private set(state: ServiceState, name: string, old: PodEntry | undefined, now: PodEntry | undefined): void {
    if (old) {
      remove(state.maps, old.contribution, now?.contribution ?? none, state.changes);
      if (old.contribution.requeue) state.requeueing--;
    }
    if (now) {
      add(state.maps, now.contribution, state.changes);
      if (now.contribution.requeue) state.requeueing++;
      state.byPod.set(name, now);
    } else state.byPod.delete(name);
  }
}
