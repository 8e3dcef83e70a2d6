/**
 * The EndpointSlice controller (kube-controller-manager's `endpointslice-controller`): keeps the
 * EndpointSlices of every Service with a selector equal to `planEndpointSlices`' answer.
 *
 * Contract
 * - Work-queue keys are Service `namespace/name`. Enqueued: a Service added, updated or deleted
 *   (at once); a pod added, deleted, or changed in what endpoints see of it (labels, IPs,
 *   readiness, deletion, phase, node, hostname, ports), for every Service selecting it before or
 *   after — after `batchPeriodMs` (kube's --endpointslice-updates-batch-period, default 0), so a
 *   burst of pod changes becomes one sync; a managed slice changed or deleted by anyone but this
 *   controller (a hand edit is undone, a deleted slice comes back).
 * - A sync plans from the informer caches (the desired endpoints through a `DesiredEndpointCache`,
 *   so only pods changed since the Service's last sync are recomputed; when the cached slices are
 *   exactly those the last successful sync left, the plan is told which endpoints changed since,
 *   so it reconciles only the slices holding them); when reconciling it first checks the slice cache has
 *   caught up with this controller's writes (else retried, no Event). Writes: creates, updates
 *   (PUT with resourceVersion), deletes (uid precondition; NotFound/Conflict mean gone), in that
 *   order, stopping at the first failure. A failed sync — a failed write, or a pod on a node not
 *   in the cache — records the Warning Event `FailedToUpdateEndpointSlices` on the Service ("Error
 *   updating Endpoint Slices for Service ns/name: ...") and is retried rate limited (1 s doubling
 *   to 1000 s, 10 qps overall, 15 tries, as kube's queue).
 * - When the Service is gone or loses its selector its managed slices are deleted (there is no
 *   garbage collector here to do it).
 * - Hints: a TopologyCache fed with the Nodes (topologyFeed.ts) serves topology-mode Auto; the
 *   plan's TopologyAwareHintsEnabled/Disabled Events are recorded on the Service after its writes.
 * - The trigger-time annotation is the TriggerTimeTracker's (kube's), computed each sync.
 * - `workers` syncs run at once (kube's --concurrent-service-endpoint-syncs, default 5); a key is
 *   never synced twice at the same time.
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go,
 * staging/src/k8s.io/endpointslice/{reconciler.go (finalize),util/trigger_time_tracker.go}
 */
import { findResourceByKind } from '@miniplane/api';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { namespaceIndex, type HandlerRegistration, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { describe } from '../workerLoop.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { EndpointSliceWriter } from '../endpointSliceWriter.js';
import { EndpointSliceTracker } from '../endpointSliceMirroring/endpointSliceTracker.js';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { mirroredEndpointsKey as serviceKeyOfSlice } from '../endpointSliceMirroring/mirrorPlan.js';
import type { EndpointSliceMetrics } from './metrics.js';
import { defaultMaxEndpointsPerSlice, managedByEndpointSlice, planEndpointSlices, type EndpointSlicePlan } from './endpointSlicePlan.js';
import { DesiredEndpointCache } from './desiredEndpoints.js';
import { servedBySelector } from './podEndpoints.js';
import { queueServicesAndPods } from './serviceQueueing.js';
import { TriggerTimeTracker } from './triggerTimeTracker.js';
import { TopologyCache } from './topologyCache.js';
import { feedTopology } from './topologyFeed.js';
import { topologyAnnotationAuto } from './endpointHints.js';

export const endpointSliceComponent = 'endpoint-slice-controller';
/** Index of the slice cache: Service key → the slices this controller manages for it. */
export const managedSlicesIndex = 'endpointslice';
const sliceInfo = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;

export interface EndpointSliceControllerOptions extends ControllerShellOptions {
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  nodes: SharedInformer<NodeObject>;
  /** Gets the `managedSlicesIndex` index added by the constructor. */
  endpointSlices: SharedInformer<EndpointSlice>;
  maxEndpointsPerSlice?: number;
  batchPeriodMs?: number;
  workers?: number;
  /** Prometheus metrics (kube's names); shared by every term of a manager. */
  metrics?: EndpointSliceMetrics;
}

export class EndpointSliceController extends WorkQueueController {
  private readonly writer: EndpointSliceWriter;
  private readonly recorder: EventRecorder;
  private readonly tracker = new EndpointSliceTracker();
  private readonly triggers = new TriggerTimeTracker();
  private readonly desired = new DesiredEndpointCache();
  /** Per Service: what its last successful sync left (slices unchanged, slices written). */
  private readonly leftSlices = new Map<string, { unchanged: Set<EndpointSlice>; written: number }>();
  private readonly topology = new TopologyCache();

  constructor(private readonly o: EndpointSliceControllerOptions) {
    super(o, { queueName: 'endpoint_slice', workers: o.workers ?? 5, backoff: { baseDelayMs: 1000, maxDelayMs: 1_000_000 } });
    this.writer = new EndpointSliceWriter(o.client.resource<EndpointSlice>(sliceInfo), this.tracker, this.signal);
    this.recorder = this.eventRecorder(endpointSliceComponent);
    this.indexOnce(o.endpointSlices.store, managedSlicesIndex, (s) => (managedByEndpointSlice(s) ? serviceKeyOfSlice(s) : undefined));
  }

  protected override handlers(): HandlerRegistration[] {
    const add = (key: string | undefined): void => this.enqueue(key);
    return [
      ...queueServicesAndPods({ services: this.o.services, pods: this.o.pods, queue: this.queue, batchPeriodMs: this.o.batchPeriodMs }),
      feedTopology(this.o.nodes, this.topology, this.queue),
      this.o.endpointSlices.addEventHandler({
        onAdd: (s) => (managedByEndpointSlice(s) && this.tracker.shouldSync(s) ? add(serviceKeyOfSlice(s)) : undefined),
        onUpdate: (old, s) => {
          if (serviceKeyOfSlice(old) !== serviceKeyOfSlice(s) || managedByEndpointSlice(old) !== managedByEndpointSlice(s)) {
            add(serviceKeyOfSlice(old));
            add(serviceKeyOfSlice(s));
          } else if (managedByEndpointSlice(s) && this.tracker.shouldSync(s)) add(serviceKeyOfSlice(s));
        },
        onDelete: (s) => {
          if (managedByEndpointSlice(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s)) add(serviceKeyOfSlice(s));
        },
      }),
    ];
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  async sync(key: string): Promise<void> {
    const service = this.o.services.store.get(key);
    const slices = this.o.endpointSlices.store.byIndex(managedSlicesIndex, key);
    const node = (name: string): NodeObject | undefined => this.o.nodes.store.get(name);
    const selecting = service && servedBySelector(service) ? service : undefined;
    if (selecting && this.tracker.staleSlices(key, slices)) {
      this.o.metrics?.recordResult('staleness');
      throw new Error(`EndpointSlice informer cache is out of date for Service ${key}`);
    }
    const pods = selecting ? this.o.pods.store.byIndex(namespaceIndex, selecting.metadata.namespace ?? '') : [];
    // Computed before planning so the tracker's state moves on even when the sync writes nothing.
    const triggerTime = selecting ? this.triggers.compute(key, selecting, pods) : undefined;
    const desired = selecting ? this.desired.desired(key, selecting, pods, node) : undefined;
    const changes = selecting && this.slicesAsLeft(key, slices) ? this.desired.changesSince(key) : undefined;
    this.leftSlices.delete(key);
    const plan = planEndpointSlices({ service, pods: [], desired, changes, slices, triggerTime, node, maxEndpointsPerSlice: this.o.maxEndpointsPerSlice, topology: this.topology });
    if (plan.mode !== 'Reconcile') {
      this.desired.forget(key);
      this.tracker.deleteOwner(key);
      for (const addressType of ['IPv4', 'IPv6'] as const) this.topology.removeHints(key, addressType);
      if (!service) this.triggers.deleteService(key);
      if (plan.toDelete.length) this.log.info({ service: key, reason: plan.mode, slices: plan.toDelete.length }, 'deleting EndpointSlices');
      await this.writer.deleteAll(`Service ${key}`, plan.toDelete);
      this.o.metrics?.forget(key);
      return;
    }
    try {
      await this.writer.apply(`Service ${key}`, service?.metadata.namespace, plan).finally(() => {
        for (const e of plan.events) void this.recorder.event(service!, e.type, e.reason, e.message);
      });
      this.logWrites(key, plan);
      if (plan.requeue) throw new Error('a selected pod is on a node not found in the cache');
    } catch (err: unknown) {
      if (this.signal.aborted) return;
      this.o.metrics?.recordResult('fail');
      void this.recorder.event(service!, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${describe(err)}`);
      throw err;
    }
    this.desired.settled(key);
    this.leftSlices.set(key, { unchanged: new Set(plan.unchanged), written: plan.toCreate.length + plan.toUpdate.length });
    const auto = topologyAnnotationAuto(service?.metadata.annotations);
    this.o.metrics?.recordSync(key, slices, plan, this.o.maxEndpointsPerSlice ?? defaultMaxEndpointsPerSlice, auto ? '' : service?.spec?.trafficDistribution, auto ? 'Auto' : 'Disabled');
    this.o.metrics?.recordResult('success');
  }

  /** Whether the cached slices are those the last successful sync left: its unchanged ones and its own writes, nothing else. */
  private slicesAsLeft(key: string, slices: readonly EndpointSlice[]): boolean {
    const left = this.leftSlices.get(key);
    return !!left && slices.length === left.unchanged.size + left.written
      && slices.every((s) => left.unchanged.has(s) || (this.tracker.has(s) && !this.tracker.shouldSync(s)));
  }

  private logWrites(key: string, plan: EndpointSlicePlan): void {
    const writes = plan.toCreate.length + plan.toUpdate.length + plan.toDelete.length;
    if (writes) this.log.debug({ service: key, created: plan.toCreate.length, updated: plan.toUpdate.length, deleted: plan.toDelete.length }, 'EndpointSlices written');
  }
}
