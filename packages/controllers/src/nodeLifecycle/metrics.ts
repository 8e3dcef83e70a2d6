/**
 * The node lifecycle controller's Prometheus metrics, with kube's names (subsystem
 * `node_collector`), on the controller manager's shared prom-client registry.
 *
 * Contract: `recordZones(zones, threshold)` after each pass's disruption check: per zone key
 * (`region:\0:zone`, as kube labels it) the node count, the not-Ready count and the healthy
 * percentage; a zone seen before but without nodes now reads 0 nodes, 0 unhealthy, 100 %.
 * `recordEviction(zone)` counts each NoExecute taint the zone's rate let through (kube counts
 * these as evictions).
 * Upstream: pkg/controller/nodelifecycle/metrics.go, node_lifecycle_controller.go (handleDisruption,
 *           doNoExecuteTaintingPass)
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { computeZoneState } from './zoneDisruption.js';

export class NodeLifecycleMetrics {
  private readonly health: Gauge;
  private readonly size: Gauge;
  private readonly unhealthy: Gauge;
  private readonly evictions: Counter;
  private readonly seen = new Set<string>();

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames = ['zone'];
    this.health = new Gauge({ name: 'node_collector_zone_health', help: '[ALPHA] Gauge measuring percentage of healthy nodes per zone.', labelNames, registers });
    this.size = new Gauge({ name: 'node_collector_zone_size', help: '[ALPHA] Gauge measuring number of registered Nodes per zones.', labelNames, registers });
    this.unhealthy = new Gauge({ name: 'node_collector_unhealthy_nodes_in_zone', help: '[ALPHA] Gauge measuring number of not Ready Nodes per zones.', labelNames, registers });
    this.evictions = new Counter({ name: 'node_collector_evictions_total', help: '[STABLE] Number of Node evictions that happened since current instance of NodeController started.', labelNames, registers });
  }

  recordZones(zones: ReadonlyMap<string, readonly (string | undefined)[]>, unhealthyZoneThreshold: number): void {
    for (const [zone, ready] of zones) {
      const { unhealthy } = computeZoneState(ready, unhealthyZoneThreshold);
      this.size.set({ zone }, ready.length);
      this.unhealthy.set({ zone }, unhealthy);
      this.health.set({ zone }, (100 * (ready.length - unhealthy)) / ready.length);
      this.seen.add(zone);
    }
    for (const zone of this.seen) {
      if (zones.has(zone)) continue;
      this.size.set({ zone }, 0);
      this.unhealthy.set({ zone }, 0);
      this.health.set({ zone }, 100);
      this.seen.delete(zone);
    }
  }

  recordEviction(zone: string): void {
    this.evictions.inc({ zone });
  }
}
