/**
 * TopologyCache: kube's topology-aware hints for `service.kubernetes.io/topology-mode: Auto` —
 * how the ready endpoints of a Service are spread over zones in proportion to the zones' CPU.
 * No I/O: the controller feeds it Nodes and asks it for hints while planning.
 *
 * Contract
 * - `setNodes(nodes)`: Ready nodes without a control-plane/master role label count. If any of
 *   them lacks a zone label or allocatable CPU, or fewer than 2 zones (or no CPU) remain, node
 *   information is insufficient (no ratios); else each zone's ratio is its share of the CPU.
 * - `addHints(si)` (one Service, one address type; `si` is the reconciler's plan for it): with T
 *   ready endpoints, each zone gets minimum = ceil(ratio·T / 1.2) (the 20 % overload threshold),
 *   desired = max(ratio·T, minimum), maximum = minimum + T − Σ minimums. It gives up — every hint
 *   removed (`removeHintsFromSlices`), a Warning `TopologyAwareHintsDisabled` Event with kube's
 *   message and `, addressType: <type>` — when node information is insufficient, nodes are ready
 *   in one zone only, there are fewer ready endpoints than zones, the minimums exceed T, a ready
 *   endpoint has no zone, or no hint was allocated. Otherwise: unchanged slices keep their hints
 *   when every ready endpoint has a hint for an allocated zone within the zone's maximum, else
 *   they are updated; ready endpoints of created/updated slices get a hint for their own zone,
 *   then zones above their desired share give endpoints (a hint for a zone below its share)
 *   until every difference is under one endpoint; the allocation is remembered, and the first
 *   time hints are populated for the Service a Normal `TopologyAwareHintsEnabled` Event comes.
 *   Where kube walks Go maps (random order) zones are taken in name order here.
 * - `getOverloadedServices()`: the Services with remembered hints where some zone now holds fewer
 *   than ceil(total·ratio / 1.2) hinted endpoints (or is missing), to be synced again after a node
 *   change. `hasPopulatedHints(key)` / `removeHints(key, addressType)` as kube's.
 * Inputs are never modified: slices that change are copies.
 * Upstream: staging/src/k8s.io/endpointslice/topologycache/{topologycache.go,sliceinfo.go,utils.go,event.go}
 */
import type { NodeObject } from '@miniplane/api/pod/types';
import { parseQuantity } from '@miniplane/api/pod/quantity';
import type { AddressType, Endpoint, EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { zoneLabel } from './podEndpoints.js';

/** topologycache's event messages, in kube's words. */
export const topologyMessages = {
  noZoneSpecified: 'One or more endpoints do not have a zone specified',
  noAllocatedHintsForZones: 'No hints allocated for zones',
  enabled: 'Topology Aware Hints has been enabled',
  disabled: 'Topology Aware Hints has been disabled',
  insufficientNodeInfo: 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes',
  nodesReadyInOneZoneOnly: 'Nodes only ready in one zone',
  insufficientNumberOfEndpoints: 'Insufficient number of endpoints',
  minAllocationExceedsOverloadThreshold: 'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold',
} as const;

const overloadThreshold = 0.2;

export interface TopologyEvent {
  type: 'Normal' | 'Warning';
  reason: 'TopologyAwareHintsDisabled' | 'TopologyAwareHintsEnabled';
  message: string;
}

/** The reconciler's plan for one Service and address type (kube's SliceInfo). */
export interface SliceInfo {
  serviceKey: string;
  addressType: AddressType;
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  unchanged: EndpointSlice[];
}

export interface HintedSlices {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  unchanged: EndpointSlice[];
  events: TopologyEvent[];
}

interface Allocation {
  minimum: number;
  maximum: number;
  desired: number;
}

type ZoneCounts = Map<string, number>;

export const withAddressType = (s: string, addressType: AddressType): string => `${s}, addressType: ${addressType}`;
export const disabledEvent = (message: string): TopologyEvent => ({ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message });
export const endpointReady = (e: Endpoint): boolean => e.conditions?.ready === true;

export class TopologyCache {
  private cpuRatiosByZone: Map<string, number> | undefined;
  private readonly endpointsByService = new Map<string, Map<AddressType, ZoneCounts>>();
  private readonly hintsPopulated = new Set<string>();

  setNodes(nodes: readonly NodeObject[]): void {
    const cpuByZone = new Map<string, number>();
    let total = 0;
    for (const node of nodes) {
      const labels = node.metadata.labels ?? {};
      if ('node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels) continue;
      if (!isNodeReady(node)) continue;
      const milliCPU = Math.ceil(Math.round((parseQuantity(node.status?.allocatable?.cpu as string | undefined) ?? 0) * 1e6) / 1e3);
      const zone = labels[zoneLabel];
      if (!zone || milliCPU === 0) {
        this.cpuRatiosByZone = undefined;
        return;
      }
      total += milliCPU;
      cpuByZone.set(zone, (cpuByZone.get(zone) ?? 0) + milliCPU);
    }
    this.cpuRatiosByZone = total === 0 || cpuByZone.size < 2 ? undefined : new Map([...cpuByZone].map(([z, cpu]) => [z, cpu / total]));
  }

  /** The zones' CPU ratios (undefined: insufficient node information). */
  ratios(): ReadonlyMap<string, number> | undefined {
    return this.cpuRatiosByZone;
  }

  hasPopulatedHints(serviceKey: string): boolean {
    return this.hintsPopulated.has(serviceKey);
  }

  removeHints(serviceKey: string, addressType: AddressType): void {
    const byType = this.endpointsByService.get(serviceKey);
    byType?.delete(addressType);
    if (!byType?.size) this.endpointsByService.delete(serviceKey);
    this.hintsPopulated.delete(serviceKey);
  }

  getOverloadedServices(): string[] {
    const out: string[] = [];
    for (const [key, byType] of this.endpointsByService) {
      if ([...byType.values()].some((counts) => serviceOverloaded(counts, this.cpuRatiosByZone))) out.push(key);
    }
    return out;
  }

  addHints(input: SliceInfo): HintedSlices {
    const si = copyPlan(input);
    const total = [...si.toCreate, ...si.toUpdate, ...si.unchanged].reduce((n, s) => n + s.endpoints.filter(endpointReady).length, 0);
    const allocs = this.getAllocations(total);
    const giveUp = (message: string): HintedSlices => {
      this.removeHints(si.serviceKey, si.addressType);
      return { ...removeHintsFromSlices(si), events: [disabledEvent(withAddressType(message, si.addressType))] };
    };
    if (typeof allocs === 'string') return giveUp(allocs);
    const allocated = allocatedHintsByZone(si, allocs);
    const allocatable = [...si.toCreate, ...si.toUpdate];
    for (const slice of allocatable) {
      for (const [i, e] of slice.endpoints.entries()) {
        if (!endpointReady(e)) continue;
        if (!e.zone) return giveUp(topologyMessages.noZoneSpecified);
        allocated.set(e.zone, (allocated.get(e.zone) ?? 0) + 1);
        slice.endpoints[i] = { ...e, hints: { forZones: [{ name: e.zone }] } };
      }
    }
    const { giving, receiving } = givingAndReceivingZones(allocs, allocated);
    for (const [zone, diff] of redistributeHints(allocatable, giving, receiving)) allocated.set(zone, (allocated.get(zone) ?? 0) + diff);
    if (allocated.size === 0) return giveUp(topologyMessages.noAllocatedHintsForZones);
    const wasPopulated = this.hasPopulatedHints(si.serviceKey);
    let byType = this.endpointsByService.get(si.serviceKey);
    if (!byType) this.endpointsByService.set(si.serviceKey, (byType = new Map()));
    byType.set(si.addressType, allocated);
    this.hintsPopulated.add(si.serviceKey);
    const events: TopologyEvent[] = wasPopulated ? [] : [{ type: 'Normal', reason: 'TopologyAwareHintsEnabled', message: withAddressType(topologyMessages.enabled, si.addressType) }];
    return { toCreate: si.toCreate, toUpdate: si.toUpdate, unchanged: si.unchanged, events };
  }

  /** Allocations per zone, or the message of the reason none are possible. */
  private getAllocations(numEndpoints: number): Map<string, Allocation> | string {
    const ratios = this.cpuRatiosByZone;
    if (!ratios) return topologyMessages.insufficientNodeInfo;
    if (ratios.size < 2) return topologyMessages.nodesReadyInOneZoneOnly;
    const counts = `(${numEndpoints} endpoints, ${ratios.size} zones)`;
    if (ratios.size > numEndpoints) return `${topologyMessages.insufficientNumberOfEndpoints} ${counts}`;
    const allocs = new Map<string, Allocation>();
    let minTotal = 0;
    for (const [zone, ratio] of ratios) {
      const desired = ratio * numEndpoints;
      const minimum = Math.ceil(desired * (1 / (1 + overloadThreshold)));
      allocs.set(zone, { minimum, maximum: 0, desired: Math.max(desired, minimum) });
      minTotal += minimum;
      if (numEndpoints - minTotal < 0) return `${topologyMessages.minAllocationExceedsOverloadThreshold} ${counts}`;
    }
    for (const a of allocs.values()) a.maximum = a.minimum + numEndpoints - minTotal;
    return allocs;
  }
}

function isNodeReady(node: NodeObject): boolean {
  return (node.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
}

/** Slices and endpoint arrays the hints may rewrite: fresh arrays, the same endpoint objects. */
function copyPlan(si: SliceInfo): SliceInfo {
  const copy = (s: EndpointSlice): EndpointSlice => ({ ...s, endpoints: [...(s.endpoints ?? [])] });
  return { ...si, toCreate: si.toCreate.map(copy), toUpdate: si.toUpdate.map(copy), unchanged: [...si.unchanged] };
}

/** The endpoint without hints (itself when it has none). */
export function withoutHints(e: Endpoint): Endpoint {
  if (e.hints === undefined) return e;
  const { hints: _h, ...rest } = e;
  return rest;
}

const hasHints = (s: EndpointSlice): boolean => (s.endpoints ?? []).some((e) => e.hints !== undefined);
const stripSlice = (s: EndpointSlice): EndpointSlice => (hasHints(s) ? { ...s, endpoints: s.endpoints.map(withoutHints) } : s);

/** RemoveHintsFromSlices: no hints on created/updated slices; unchanged slices with hints are updated without them. */
export function removeHintsFromSlices(input: Pick<SliceInfo, 'toCreate' | 'toUpdate' | 'unchanged'>): Omit<HintedSlices, 'events'> {
  const toUpdate = input.toUpdate.map(stripSlice);
  const unchanged: EndpointSlice[] = [];
  for (const s of input.unchanged) {
    if (hasHints(s)) toUpdate.push(stripSlice(s));
    else unchanged.push(s);
  }
  return { toCreate: input.toCreate.map(stripSlice), toUpdate, unchanged };
}

/** SliceInfo.getAllocatedHintsByZone: keeps the unchanged slices whose hints still fit (moving the others to toUpdate). */
function allocatedHintsByZone(si: SliceInfo, allocs: Map<string, Allocation>): ZoneCounts {
  const allocated: ZoneCounts = new Map();
  const unchanged: EndpointSlice[] = [];
  for (const slice of si.unchanged) {
    const hints = hintsByZone(slice, allocated, allocs);
    if (!hints) {
      si.toUpdate.push({ ...slice, endpoints: [...slice.endpoints] });
      continue;
    }
    unchanged.push(slice);
    for (const [zone, n] of hints) allocated.set(zone, (allocated.get(zone) ?? 0) + n);
  }
  si.unchanged = unchanged;
  return allocated;
}

/** getHintsByZone: undefined when the slice's hints are invalid for these allocations. */
function hintsByZone(slice: EndpointSlice, allocated: ZoneCounts, allocs: Map<string, Allocation>): ZoneCounts | undefined {
  const counts: ZoneCounts = new Map();
  for (const e of slice.endpoints) {
    if (!endpointReady(e)) continue;
    const zones = e.hints?.forZones ?? [];
    if (!zones.length) return undefined;
    for (const { name } of zones) {
      if (!allocs.has(name)) return undefined;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  for (const [zone, n] of counts) if (n + (allocated.get(zone) ?? 0) > allocs.get(zone)!.maximum) return undefined;
  return counts;
}

/** getGivingAndReceivingZones: whole endpoints to move from zones above their desired share to zones below. */
function givingAndReceivingZones(allocs: Map<string, Allocation>, allocated: ZoneCounts): { giving: ZoneCounts; receiving: ZoneCounts } {
  const givingDesired = new Map<string, number>();
  const receivingDesired = new Map<string, number>();
  for (const zone of [...allocs.keys()].sort()) {
    const have = allocated.get(zone) ?? 0;
    const target = allocs.get(zone)!.desired;
    if (have > target) givingDesired.set(zone, have - target);
    else if (have < target) receivingDesired.set(zone, target - have);
  }
  const giving: ZoneCounts = new Map();
  const receiving: ZoneCounts = new Map();
  for (;;) {
    const [g, toGive] = most(givingDesired);
    const [r, toReceive] = most(receivingDesired);
    if (!g || !r || (toGive < 1 && toReceive < 1) || toGive < 0.5 || toReceive < 0.5) break;
    giving.set(g, (giving.get(g) ?? 0) + 1);
    givingDesired.set(g, toGive - 1);
    receiving.set(r, (receiving.get(r) ?? 0) + 1);
    receivingDesired.set(r, toReceive - 1);
  }
  return { giving, receiving };
}

/** getMost: the zone with the greatest positive value (the first in name order on a tie). */
function most(zones: Map<string, number>): [string, number] {
  let zone = '';
  let num = 0;
  for (const z of [...zones.keys()].sort()) {
    if (zones.get(z)! > num) [zone, num] = [z, zones.get(z)!];
  }
  return [zone, num];
}

/** redistributeHints: re-points hints of giving zones' ready endpoints at receiving zones; the change per zone. */
function redistributeHints(slices: EndpointSlice[], giving: ZoneCounts, receiving: ZoneCounts): ZoneCounts {
  const changes: ZoneCounts = new Map();
  for (const slice of slices) {
    for (const [i, e] of slice.endpoints.entries()) {
      if (!endpointReady(e)) continue;
      if (giving.size === 0 || receiving.size === 0) return changes;
      if (!e.zone || !(giving.get(e.zone)! > 0)) continue;
      const to = [...receiving.keys()].sort().find((z) => receiving.get(z)! > 0);
      if (!to) continue;
      slice.endpoints[i] = { ...e, hints: { forZones: [{ name: to }] } };
      decrement(giving, e.zone);
      decrement(receiving, to);
      changes.set(to, (changes.get(to) ?? 0) + 1);
      changes.set(e.zone, (changes.get(e.zone) ?? 0) - 1);
    }
  }
  return changes;
}

function decrement(m: ZoneCounts, zone: string): void {
  const n = m.get(zone)!;
  if (n === 1) m.delete(zone);
  else m.set(zone, n - 1);
}

/** serviceOverloaded: some zone holds fewer hinted endpoints than its minimum (or none). */
function serviceOverloaded(counts: ZoneCounts, ratios: ReadonlyMap<string, number> | undefined): boolean {
  if (counts.size === 0) return false;
  if (!ratios || ratios.size === 0) return true;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const [zone, ratio] of ratios) {
    const have = counts.get(zone);
    if (have === undefined || have < Math.ceil(total * ratio * (1 / (1 + overloadThreshold)))) return true;
  }
  return false;
}
