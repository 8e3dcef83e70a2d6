/**
 * SubsetCache: the Endpoints controller's desired subsets per Service, kept between syncs so that
 * one pod's change in a 10,000-pod Service moves one address instead of repacking all of them.
 *
 * Contract
 * - `subsets(key, service, namespacePods)` equals `desiredSubsets(service, namespacePods)`.
 * - Kept incrementally while every selected pod gives at most one raw subset (`podSubsets`: one
 *   Service port, or a headless Service without ports) and they all name the same port: then the
 *   answer is one subset whose ready and not-ready address lists are kept sorted
 *   (LessEndpointAddress) and updated for the pods whose cached object changed, came or went.
 *   Anything else (several ports, pods resolving a named port to different numbers) is
 *   computed with `desiredSubsets` each time. A replaced Service object starts afresh;
 *   `forget(key)` drops a Service.
 * - Cached pods and Services are frozen and replaced on change, never modified; the returned
 *   subsets are the caller's.
 * Upstream: pkg/controller/endpoint/endpoints_controller.go (syncService), pkg/api/v1/endpoints/util.go
 * (RepackSubsets, LessEndpointAddress) — kube repacks every address on every sync.
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../endpointSliceMirroring/endpointTypes.js';
import { desiredSubsets, podSubsets } from './endpointsPlan.js';
import { lessAddress } from './sortSubsets.js';

interface PodEntry {
  pod: Pod;
  /** The pod's address and the list it is in, if any. */
  address: EndpointAddress | undefined;
  ready: boolean;
  round: number;
}

interface State {
  service: Service;
  byPod: Map<string, PodEntry>;
  /** The one port all raw subsets name ('' for none), once one was seen. */
  portKey: string | undefined;
  port: EndpointPort | undefined;
  ready: EndpointAddress[];
  notReady: EndpointAddress[];
  round: number;
}

const portKeyOf = (p: EndpointPort | undefined): string => (p ? `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? 'TCP'}\u0000${p.appProtocol ?? '\u0001'}` : '');

/** Index of `a` in the sorted `list`, or where it would go. */
function lowerBound(list: readonly EndpointAddress[], a: EndpointAddress): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lessAddress(list[mid]!, a) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SubsetCache {
  private readonly byKey = new Map<string, State>();

  subsets(key: string, service: Service, pods: readonly Pod[]): EndpointSubset[] {
    let state = this.byKey.get(key);
    if (state?.service !== service) {
      state = { service, byPod: new Map(), portKey: undefined, port: undefined, ready: [], notReady: [], round: 0 };
      this.byKey.set(key, state);
    }
    if (!this.update(state, pods)) {
      this.byKey.delete(key);
      return desiredSubsets(service, pods);
    }
    if (!state.ready.length && !state.notReady.length) return [];
    const out: EndpointSubset = {};
    if (state.ready.length) out.addresses = [...state.ready];
    if (state.notReady.length) out.notReadyAddresses = [...state.notReady];
    if (state.port) {
      const { name, ...rest } = state.port;
      out.ports = [name ? { name, ...rest } : rest];
    }
    return [out];
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  /** False when the Service's pods do not fit one subset of one port. */
  private update(state: State, pods: readonly Pod[]): boolean {
    const round = ++state.round;
    for (const pod of pods) {
      const name = pod.metadata.name ?? '';
      const entry = state.byPod.get(name);
      if (entry?.pod === pod) {
        entry.round = round;
        continue;
      }
      const raw = podSubsets(state.service, pod);
      if (raw.length > 1 || (raw[0]?.ports?.length ?? 0) > 1) return false;
      const now: PodEntry = { pod, address: undefined, ready: false, round };
      if (raw[0]) {
        const port = raw[0].ports?.[0];
        const pk = portKeyOf(port);
        if (state.portKey !== undefined && state.portKey !== pk) return false;
        state.portKey = pk;
        state.port = port && { ...port, name: port.name ?? '', protocol: port.protocol ?? 'TCP' };
        now.ready = !!raw[0].addresses?.length;
        now.address = (raw[0].addresses ?? raw[0].notReadyAddresses)?.[0];
      }
      this.move(state, entry, now);
      state.byPod.set(name, now);
    }
    for (const [name, entry] of state.byPod) {
      if (entry.round === round) continue;
      this.move(state, entry, undefined);
      state.byPod.delete(name);
    }
    return true;
  }

  private move(state: State, old: PodEntry | undefined, now: PodEntry | undefined): void {
    if (old?.address) {
      const list = old.ready ? state.ready : state.notReady;
      const i = lowerBound(list, old.address);
      if (list[i] === old.address) list.splice(i, 1);
    }
    if (now?.address) {
      const list = now.ready ? state.ready : state.notReady;
      list.splice(lowerBound(list, now.address), 0, now.address);
    }
  }
}
