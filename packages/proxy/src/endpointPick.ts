/**
 * Which endpoint a new connection goes to: kube-proxy's rules as data. Pure: the caller passes
 * the frontend, the client address, the time, a random source and the per-Service-port state, and
 * applies the state the answer carries.
 *
 * Contract
 * - Usable endpoints: the ready ones; when none is ready, the serving-and-terminating ones (kube's
 *   fallback, KEP-1669). With policy Local on a nodePort frontend, only the receiving node's
 *   endpoints count (and the fallback is taken among them). None: `endpoint` undefined (the
 *   proxy rejects the connection, as kube-proxy's REJECT rule).
 * - ClusterIP traffic from a pod IP (`from`: its node and zone): internalTrafficPolicy Local keeps
 *   it to endpoints on that node (none: rejected); otherwise topology hints apply when every ready
 *   endpoint has hints and some name the client's zone (only those then), else every endpoint.
 *   Traffic from other sources (not a pod IP) ignores both.
 * - ClientIP affinity: a client with a live entry (younger than affinitySeconds) for an endpoint
 *   still usable goes there again; otherwise it is chosen anew and the entry (re)written. Each
 *   use refreshes the entry's time (iptables `recent --rcheck --seconds --reap` with --set).
 * - Mode `iptables`: uniform random among the usable endpoints (the statistic-module chain gives
 *   each 1/n). Mode `ipvs`: round-robin: the usable endpoints in address order, the next after the
 *   position kept for the Service port.
 * Upstream: pkg/proxy/topology.go (CategorizeEndpoints), pkg/proxy/iptables/proxier.go
 * (writeServiceToEndpointRules), ipvs rr scheduler
 */
import type { ClientNode, Frontend, ProxyEndpoint } from './serviceTable.js';

export type ProxyMode = 'iptables' | 'ipvs';

export interface AffinityEntry {
  endpoint: string;
  at: number;
}

export interface PickInput {
  frontend: Frontend;
  mode: ProxyMode;
  client: string;
  now: number;
  random: () => number;
  /** The Service port's affinity entry for this client, if any. */
  affinity?: AffinityEntry;
  /** The Service port's round-robin position (the count of picks so far). */
  rr: number;
  /** The node (and zone) of a client with a pod IP; undefined for other sources. */
  from?: ClientNode;
}

export interface Pick {
  endpoint?: ProxyEndpoint;
  /** The client's affinity entry to store (ClientIP affinity only). */
  affinity?: AffinityEntry;
  /** The next round-robin position to store (ipvs only). */
  rr?: number;
}

export const endpointKey = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`;

export function usableEndpoints(f: Frontend, from?: ClientNode): ProxyEndpoint[] {
  const pool = endpointPool(f, from);
  const ready = pool.filter((e) => e.ready);
  return ready.length ? ready : pool.filter((e) => e.serving && e.terminating);
}

/** The endpoints the traffic policies and topology hints allow, before readiness. */
function endpointPool(f: Frontend, from?: ClientNode): ProxyEndpoint[] {
  if (f.policy === 'Local' && f.kind === 'nodePort') return f.endpoints.filter((e) => e.node === f.node);
  if (f.kind !== 'cluster' || !from) return f.endpoints;
  if (f.internalPolicy === 'Local') return f.endpoints.filter((e) => e.node === from.name);
  // Topology hints: only when every ready endpoint has some and one names the client's zone.
  const ready = f.endpoints.filter((e) => e.ready);
  if (!from.zone || !ready.length || ready.some((e) => !e.zones)) return f.endpoints;
  const inZone = f.endpoints.filter((e) => e.zones?.includes(from.zone!));
  return inZone.length ? inZone : f.endpoints;
}

export function pickEndpoint(i: PickInput): Pick {
  const usable = usableEndpoints(i.frontend, i.from);
  if (!usable.length) return {};
  const seconds = i.frontend.affinitySeconds;
  if (seconds !== undefined && i.affinity && i.now - i.affinity.at < seconds * 1000) {
    const kept = usable.find((e) => endpointKey(e) === i.affinity!.endpoint);
    if (kept) return { endpoint: kept, affinity: { endpoint: i.affinity.endpoint, at: i.now } };
  }
  let endpoint: ProxyEndpoint;
  let rr: number | undefined;
  if (i.mode === 'ipvs') {
    endpoint = usable[i.rr % usable.length]!;
    rr = i.rr + 1;
  } else {
    endpoint = usable[Math.min(usable.length - 1, Math.floor(i.random() * usable.length))]!;
  }
  return { endpoint, ...(rr !== undefined ? { rr } : {}), ...(seconds !== undefined ? { affinity: { endpoint: endpointKey(endpoint), at: i.now } } : {}) };
}
