/**
 * Zones and their disruption state, as kube's node lifecycle controller decides them each pass.
 * Pure.
 *
 * - zoneKey: a node's zone is `<region>:\0:<zone>` from `topology.kubernetes.io/region|zone`
 *   (falling back to the beta `failure-domain.beta.kubernetes.io/*` labels); no labels: "".
 * - computeZoneState: with r Ready and n not Ready (Ready False, Unknown, or no condition) nodes:
 *   r = 0 and n > 0 → FullDisruption; n > 2 and n/(n+r) ≥ `--unhealthy-zone-threshold` (0.55) →
 *   PartialDisruption; else Normal. Nodes labelled `node.kubernetes.io/exclude-disruption` are
 *   not counted (the caller leaves them out).
 * - planDisruption (kube's handleDisruption): the new zone states and the NoExecute-tainting
 *   rate of each zone whose state changed: Normal → `--node-eviction-rate` (0.1/s);
 *   PartialDisruption → `--secondary-node-eviction-rate` (0.01/s) when the zone has more than
 *   `--large-cluster-size-threshold` (50) nodes, else 0 (no tainting at all); FullDisruption of
 *   some zones only → the normal rate (that zone's nodes are as likely broken as the network). When
 *   every zone is fully disrupted (the controller is more likely cut off than every node dead),
 *   every rate goes to 0 and the NoExecute taints are removed from all nodes
 *   (`markAllReachable`); leaving that mode resets every zone's rate to its state's.
 * Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go (ComputeZoneState,
 *           handleDisruption, setLimiterInZone, ReducedQPSFunc, HealthyQPSFunc),
 *           staging/src/k8s.io/component-helpers/node/topology/helpers.go (GetZoneKey)
 */
import type { NodeObject } from '@miniplane/api/pod/types';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface EvictionConfig {
  /** `--node-eviction-rate`: nodes per second whose NoExecute taint may be added (default 0.1). */
  evictionQPS: number;
  /** `--secondary-node-eviction-rate`: the rate in a partially disrupted large zone (default 0.01). */
  secondaryEvictionQPS: number;
  /** `--large-cluster-size-threshold` (default 50). */
  largeClusterThreshold: number;
  /** `--unhealthy-zone-threshold` (default 0.55). */
  unhealthyZoneThreshold: number;
}

export const defaultEvictionConfig: EvictionConfig = { evictionQPS: 0.1, secondaryEvictionQPS: 0.01, largeClusterThreshold: 50, unhealthyZoneThreshold: 0.55 };

export const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';

export function zoneKey(node: NodeObject): string {
  const l = node.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region || zone ? `${region}:\0:${zone}` : '';
}

/** The zone's state from the Ready statuses of its nodes (undefined: no Ready condition). */
export function computeZoneState(ready: readonly (string | undefined)[], unhealthyZoneThreshold: number): { unhealthy: number; state: ZoneState } {
  const readyNodes = ready.filter((s) => s === 'True').length;
  const notReady = ready.length - readyNodes;
  if (readyNodes === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / ready.length >= unhealthyZoneThreshold) return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}

export interface DisruptionPlan {
  states: Map<string, ZoneState>;
  /** The new tainting rate of each zone whose rate changes. */
  rates: Map<string, number>;
  /** Every zone just became fully disrupted: remove the NoExecute taints from all nodes. */
  markAllReachable: boolean;
}

function rateFor(state: ZoneState, zoneSize: number, c: EvictionConfig): number {
  if (state === 'PartialDisruption') return zoneSize > c.largeClusterThreshold ? c.secondaryEvictionQPS : 0;
  return c.evictionQPS; // Normal, and FullDisruption of some zones (HealthyQPSFunc)
}

export function planDisruption(previous: ReadonlyMap<string, ZoneState>, zones: ReadonlyMap<string, readonly (string | undefined)[]>, c: EvictionConfig): DisruptionPlan {
  const fresh = new Map<string, ZoneState>();
  let allAreFully = true;
  for (const [zone, ready] of zones) {
    const { state } = computeZoneState(ready, c.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFully = false;
    fresh.set(zone, state);
  }
  const states = new Map<string, ZoneState>();
  for (const [zone, state] of previous) if (zones.has(zone)) states.set(zone, state); // a zone with no node left is forgotten
  for (const zone of zones.keys()) if (!states.has(zone)) states.set(zone, 'Initial');
  const allWasFully = [...states.values()].every((s) => s === 'FullDisruption');
  const plan: DisruptionPlan = { states, rates: new Map(), markAllReachable: false };
  if (allAreFully && allWasFully) return plan; // still cut off from every zone: evictions stay stopped
  if (allAreFully) {
    for (const zone of states.keys()) {
      plan.rates.set(zone, 0);
      states.set(zone, 'FullDisruption');
    }
    plan.markAllReachable = true;
    return plan;
  }
  for (const [zone, was] of states) {
    const now = fresh.get(zone)!;
    // Leaving "all fully disrupted" resets every rate; otherwise only changed zones move.
    if (was === now && !allWasFully) continue;
    plan.rates.set(zone, rateFor(now, zones.get(zone)!.length, c));
    states.set(zone, now);
  }
  return plan;
}
