/**
 * The EndpointSlice mirroring controller (kube-controller-manager's
 * `endpointslice-mirroring-controller`): keeps the EndpointSlices of every user-managed Endpoints
 * (a Service without a selector) equal to `planMirroring`'s answer.
 *
 * Contract
 * - Work-queue keys are Endpoints `namespace/name`. Enqueued: an Endpoints added, updated or
 *   deleted that is (or was) to be mirrored; a Service without a selector added or deleted, or
 *   one whose selector appears or disappears; a mirrored EndpointSlice changed or deleted by
 *   anyone but this controller (the tracker tells our own writes apart), or whose managed-by or
 *   service-name label changed. So nothing is written at start-up unless a mirrored slice is
 *   missing or differs.
 * - A sync plans from the informer caches. When mirroring, it first checks the slice cache has
 *   caught up with this controller's writes (else it fails, and the key is retried rate limited:
 *   1 s doubling to 100 s, 10 qps overall, as kube's queue).
 * - Writes, in `apply` only: Events first, then creates (dropped quietly if the namespace is
 *   terminating), updates (PUT with the slice's resourceVersion), deletes (uid precondition;
 *   NotFound or Conflict mean already gone). Mirroring stops at the first failed write, as
 *   kube's finalize does; a clean-up tries every delete and reports the failures together.
 * - Events (component `endpoint-slice-mirroring-controller`, kube's) are about the Endpoints.
 * Upstream: pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go, reconciler.go (finalize)
 */
import { findResourceByKind } from '@miniplane/api';
import type { Service } from '@miniplane/api/service/types';
import { metaNamespaceKey, type HandlerRegistration, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { EndpointSliceWriter } from '../endpointSliceWriter.js';
import { EndpointSliceTracker } from './endpointSliceTracker.js';
import type { EndpointSlice, Endpoints } from './endpointTypes.js';
import {
  hasSelector, managedByMirroring, mirroredEndpointsKey, planMirroring, shouldMirror, type MirrorPlan,
} from './mirrorPlan.js';

export const endpointSliceMirroringComponent = 'endpoint-slice-mirroring-controller';
/** Index of the slice cache: Endpoints key → the slices mirrored for it. */
export const mirroredSlicesIndex = 'endpointslicemirroring';
const sliceInfo = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;

export interface EndpointSliceMirroringControllerOptions extends ControllerShellOptions {
  services: SharedInformer<Service>;
  endpoints: SharedInformer<Endpoints>;
  /** Gets the `mirroredSlicesIndex` index added by the constructor. */
  endpointSlices: SharedInformer<EndpointSlice>;
  /** kube's --mirroring-max-endpoints-per-subset (default 1000). */
  maxEndpointsPerSubset?: number;
}

export class EndpointSliceMirroringController extends WorkQueueController {
  private readonly writer: EndpointSliceWriter;
  private readonly recorder: EventRecorder;
  private readonly tracker = new EndpointSliceTracker();

  constructor(private readonly o: EndpointSliceMirroringControllerOptions) {
    super(o, { queueName: 'endpoint_slice_mirroring', backoff: { baseDelayMs: 1000, maxDelayMs: 100_000 } });
    this.writer = new EndpointSliceWriter(o.client.resource<EndpointSlice>(sliceInfo), this.tracker, this.signal);
    this.recorder = this.eventRecorder(endpointSliceMirroringComponent);
    this.indexOnce(o.endpointSlices.store, mirroredSlicesIndex, (s) => (managedByMirroring(s) ? mirroredEndpointsKey(s) : undefined));
  }

  protected override handlers(): HandlerRegistration[] {
    return [
      this.o.services.addEventHandler({
        onAdd: (svc) => (hasSelector(svc) ? undefined : this.enqueue(metaNamespaceKey(svc))),
        onUpdate: (old, svc) => (hasSelector(old) !== hasSelector(svc) ? this.enqueue(metaNamespaceKey(svc)) : undefined),
        onDelete: (svc) => (hasSelector(svc) ? undefined : this.enqueue(metaNamespaceKey(svc))),
      }),
      this.o.endpoints.addEventHandler({
        onAdd: (ep) => (shouldMirror(ep) ? this.enqueue(metaNamespaceKey(ep)) : undefined),
        onUpdate: (old, ep) => (shouldMirror(old) || shouldMirror(ep) ? this.enqueue(metaNamespaceKey(ep)) : undefined),
        onDelete: (ep) => (shouldMirror(ep) ? this.enqueue(metaNamespaceKey(ep)) : undefined),
      }),
      this.o.endpointSlices.addEventHandler({
        onAdd: (s) => (managedByMirroring(s) && this.tracker.shouldSync(s) ? this.enqueue(mirroredEndpointsKey(s)) : undefined),
        onUpdate: (old, s) => this.onSliceUpdate(old, s),
        onDelete: (s) => {
          // A deletion we did not make (or expect) needs the slice back.
          if (managedByMirroring(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s)) this.enqueue(mirroredEndpointsKey(s));
        },
      }),
    ];
  }

  async sync(key: string): Promise<void> {
    const slices = this.o.endpointSlices.store.byIndex(mirroredSlicesIndex, key);
    const endpoints = this.o.endpoints.store.get(key);
    const plan = planMirroring({
      endpoints, service: this.o.services.store.get(key), slices, maxEndpointsPerSubset: this.o.maxEndpointsPerSubset,
    });
    if (plan.mode !== 'Mirror') {
      this.tracker.deleteOwner(key);
      if (plan.toDelete.length) this.log.info({ endpoints: key, reason: plan.mode, slices: plan.toDelete.length }, 'deleting mirrored EndpointSlices');
      return this.writer.deleteAll(`Endpoints ${key}`, plan.toDelete);
    }
    if (this.tracker.staleSlices(key, slices)) throw new Error(`EndpointSlice informer cache is out of date for Endpoints ${key}`);
    await this.apply(key, endpoints!, plan);
  }

  private onSliceUpdate(old: EndpointSlice, s: EndpointSlice): void {
    // The controller never changes the service-name label, but users might.
    if (mirroredEndpointsKey(old) !== mirroredEndpointsKey(s)) {
      this.enqueue(mirroredEndpointsKey(s));
      this.enqueue(mirroredEndpointsKey(old));
      return;
    }
    if (managedByMirroring(old) !== managedByMirroring(s) || (managedByMirroring(s) && this.tracker.shouldSync(s))) this.enqueue(mirroredEndpointsKey(s));
  }

  /** The only place that writes while mirroring (kube's finalize). */
  private async apply(key: string, endpoints: Endpoints, plan: MirrorPlan): Promise<void> {
    for (const e of plan.events) {
      this.log.warn({ endpoints: key, reason: e.reason }, e.message);
      await this.recorder.event(endpoints, e.type, e.reason, e.message);
    }
    await this.writer.apply(`Endpoints ${key}`, endpoints.metadata.namespace, plan);
    const writes = plan.toCreate.length + plan.toUpdate.length + plan.toDelete.length;
    if (writes) this.log.info({ endpoints: key, created: plan.toCreate.length, updated: plan.toUpdate.length, deleted: plan.toDelete.length }, 'EndpointSlices mirrored');
  }
}
