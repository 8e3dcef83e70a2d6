/**
 * The EndpointSlice controller's Prometheus metrics, with kube's names (subsystem
 * `endpoint_slice_controller`), on a prom-client registry shared by every term of one controller
 * manager (so a new term does not register them twice).
 *
 * Contract: `recordSync(key, before, plan, max)` after a successful sync: endpoints added and
 * removed (by kube's endpoint hash, before vs after), the changes by operation, the slices changed
 * in the sync, and the per-Service totals behind the gauges (desired endpoints, slices, desired
 * slices = per address type and port set ceil(endpoints / max), one placeholder when there are
 * none), and the Service's traffic distribution (`services_count_by_traffic_distribution`:
 * PreferClose, any other value as ImplementationSpecific, '' none; a label once used stays, at 0
 * when empty, as kube's cache); `forget(key)` drops a Service's totals; `recordResult` counts syncs
 * by result.
 * Upstream: pkg/controller/endpointslice/metrics/metrics.go, staging/src/k8s.io/endpointslice/metrics/cache.go
 */
import { Counter, Gauge, Histogram, Registry, exponentialBuckets } from 'prom-client';
import { endpointHash, groupKey } from '../endpointSliceMirroring/desiredEndpoints.js';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import type { EndpointSlicePlan } from './endpointSlicePlan.js';

/** A registry for a controller manager's metrics (serve it with the apiserver's when in-process). */
export function controllerMetricsRegistry(): Registry {
  return new Registry();
}

interface ServiceTotals {
  endpoints: number;
  slices: number;
  desiredSlices: number;
}

export class EndpointSliceMetrics {
  private readonly totals = new Map<string, ServiceTotals>();
  private readonly added: Histogram;
  private readonly removed: Histogram;
  private readonly desired: Gauge;
  private readonly numSlices: Gauge;
  private readonly desiredSlices: Gauge;
  private readonly changes: Counter;
  private readonly changedPerSync: Histogram;
  private readonly syncs: Counter;
  private readonly servicesByTrafficDistribution: Gauge;
  private readonly trafficDistributions = new Map<string, Set<string>>();

  constructor(registry: Registry) {
    const registers = [registry];
    const sub = 'endpoint_slice_controller';
    this.added = new Histogram({ name: `${sub}_endpoints_added_per_sync`, help: '[ALPHA] Number of endpoints added on each Service sync', buckets: exponentialBuckets(2, 2, 15), registers });
    this.removed = new Histogram({ name: `${sub}_endpoints_removed_per_sync`, help: '[ALPHA] Number of endpoints removed on each Service sync', buckets: exponentialBuckets(2, 2, 15), registers });
    this.desired = new Gauge({ name: `${sub}_endpoints_desired`, help: '[ALPHA] Number of endpoints desired', registers });
    this.numSlices = new Gauge({ name: `${sub}_num_endpoint_slices`, help: '[ALPHA] Number of EndpointSlices', registers });
    this.desiredSlices = new Gauge({ name: `${sub}_desired_endpoint_slices`, help: '[ALPHA] Number of EndpointSlices that would exist with perfect endpoint allocation', registers });
    this.changes = new Counter({ name: `${sub}_changes`, help: '[ALPHA] Number of EndpointSlice changes', labelNames: ['operation'], registers });
    this.changedPerSync = new Histogram({
      name: `${sub}_endpointslices_changed_per_sync`, help: '[ALPHA] Number of EndpointSlices changed on each Service sync',
      labelNames: ['topology', 'traffic_distribution'], buckets: exponentialBuckets(1, 2, 11), registers,
    });
    this.syncs = new Counter({ name: `${sub}_syncs`, help: '[ALPHA] Number of EndpointSlice syncs', labelNames: ['result'], registers });
    this.servicesByTrafficDistribution = new Gauge({
      name: `${sub}_services_count_by_traffic_distribution`, help: '[ALPHA] Number of Services using some specific trafficDistribution',
      labelNames: ['traffic_distribution'], registers,
    });
  }

  recordResult(result: 'success' | 'fail' | 'staleness'): void {
    this.syncs.inc({ result });
  }

  recordSync(key: string, before: readonly EndpointSlice[], plan: EndpointSlicePlan, max: number, trafficDistribution = '', topology: 'Auto' | 'Disabled' = 'Disabled'): void {
    const written = new Set([...plan.toCreate, ...plan.toUpdate].map((s) => s.metadata.name ?? s));
    const after = [...plan.toCreate, ...plan.toUpdate, ...plan.unchanged.filter((s) => !written.has(s.metadata.name ?? ''))];
    // Unchanged slices hold the same endpoints before and after: only the written ones are compared.
    const gone = new Set(plan.toDelete.map((s) => s.metadata.name));
    const had = new Set(before.filter((s) => written.has(s.metadata.name ?? '') || gone.has(s.metadata.name)).flatMap((s) => (s.endpoints ?? []).map(endpointHash)));
    const now = new Set([...plan.toCreate, ...plan.toUpdate].flatMap((s) => s.endpoints.map(endpointHash)));
    this.added.observe([...now].filter((h) => !had.has(h)).length);
    this.removed.observe([...had].filter((h) => !now.has(h)).length);
    this.changes.inc({ operation: 'create' }, plan.toCreate.length);
    this.changes.inc({ operation: 'update' }, plan.toUpdate.length);
    this.changes.inc({ operation: 'delete' }, plan.toDelete.length);
    const changed = plan.toCreate.length + plan.toUpdate.length + plan.toDelete.length;
    this.changedPerSync.observe({ topology, traffic_distribution: trafficDistribution }, changed);
    const perMap = new Map<string, number>();
    for (const s of after) perMap.set(groupKey(s.addressType, s.ports), (perMap.get(groupKey(s.addressType, s.ports)) ?? 0) + s.endpoints.length);
    let desiredSlices = 0;
    for (const n of perMap.values()) desiredSlices += Math.ceil(n / max);
    this.set(key, { endpoints: plan.desiredEndpoints, slices: after.length, desiredSlices: Math.max(desiredSlices, after.length ? 1 : 0) });
    this.setTrafficDistribution(key, trafficDistribution);
  }

  forget(key: string): void {
    this.set(key, undefined);
    this.setTrafficDistribution(key, '');
  }

  /** kube's UpdateTrafficDistributionForService / DeleteService ('' = none). */
  private setTrafficDistribution(key: string, trafficDistribution: string): void {
    for (const services of this.trafficDistributions.values()) services.delete(key);
    if (trafficDistribution) {
      const label = trafficDistribution === 'PreferClose' ? trafficDistribution : 'ImplementationSpecific';
      let services = this.trafficDistributions.get(label);
      if (!services) this.trafficDistributions.set(label, (services = new Set()));
      services.add(key);
    }
    this.servicesByTrafficDistribution.reset();
    for (const [label, services] of this.trafficDistributions) this.servicesByTrafficDistribution.set({ traffic_distribution: label }, services.size);
  }

  /** Running sums: each sync adjusts the gauges by its Service's difference. */
  private set(key: string, t: ServiceTotals | undefined): void {
    const old = this.totals.get(key);
    if (t) this.totals.set(key, t);
    else this.totals.delete(key);
    this.desired.inc((t?.endpoints ?? 0) - (old?.endpoints ?? 0));
    this.numSlices.inc((t?.slices ?? 0) - (old?.slices ?? 0));
    this.desiredSlices.inc((t?.desiredSlices ?? 0) - (old?.desiredSlices ?? 0));
  }
}
