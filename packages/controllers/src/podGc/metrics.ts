/**
 * The pod garbage collector's Prometheus metrics, with kube's names (subsystem
 * `pod_gc_collector`), on the controller manager's shared prom-client registry.
 *
 * Contract: `recordDelete(namespace, reason)` counts every force delete attempted,
 * `recordError(namespace, reason)` every one that failed (reason: terminated, out-of-service,
 * orphaned, unscheduled, as kube labels them).
 * Upstream: pkg/controller/podgc/metrics/metrics.go
 */
import { Counter, type Registry } from 'prom-client';
import type { PodGcReason } from './podGcPlan.js';

export class PodGcMetrics {
  private readonly deletes: Counter;
  private readonly errors: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames = ['namespace', 'reason'];
    this.deletes = new Counter({ name: 'pod_gc_collector_force_delete_pods_total', help: '[ALPHA] Number of pods that are being forcefully deleted since the Pod GC Controller started.', labelNames, registers });
    this.errors = new Counter({ name: 'pod_gc_collector_force_delete_pod_errors_total', help: '[ALPHA] Number of errors encountered when forcefully deleting the pods since the Pod GC Controller started.', labelNames, registers });
  }

  recordDelete(namespace: string, reason: PodGcReason): void {
    this.deletes.inc({ namespace, reason });
  }

  recordError(namespace: string, reason: PodGcReason): void {
    this.errors.inc({ namespace, reason });
  }
}
