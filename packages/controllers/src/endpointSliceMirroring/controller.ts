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
import {
  BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, RateLimitingWorkQueue, metaNamespaceKey, realClock, silentLogger,
  type Clock, type HandlerRegistration, type Logger, type RestClient, type SharedInformer,
} from '@miniplane/client';
import { EventRecorder, apiEventSink, type EventSink } from '../eventRecorder.js';
import { runWorker } from '../workerLoop.js';
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

export interface EndpointSliceMirroringControllerOptions {
  client: RestClient;
  services: SharedInformer<Service>;
  endpoints: SharedInformer<Endpoints>;
  /** Gets the `mirroredSlicesIndex` index added by the constructor. */
  endpointSlices: SharedInformer<EndpointSlice>;
  /** kube's --mirroring-max-endpoints-per-subset (default 1000). */
  maxEndpointsPerSubset?: number;
  /** Written as the Events' source.host / reportingInstance. */
  identity?: string;
  eventSink?: EventSink;
  clock?: Clock;
  logger?: Logger;
  maxRetries?: number;
}

export class EndpointSliceMirroringController {
  private readonly o: EndpointSliceMirroringControllerOptions;
  private readonly log: Logger;
  private readonly queue: RateLimitingWorkQueue<string>;
  private readonly writer: EndpointSliceWriter;
  private readonly recorder: EventRecorder;
  private readonly tracker = new EndpointSliceTracker();
  private readonly abort = new AbortController();
  private registrations: HandlerRegistration[] = [];
  private worker: Promise<void> | undefined;

  constructor(o: EndpointSliceMirroringControllerOptions) {
    this.o = o;
    const clock = o.clock ?? realClock;
    this.log = o.logger ?? silentLogger;
    this.queue = new RateLimitingWorkQueue<string>({
      name: 'endpoint_slice_mirroring',
      clock,
      rateLimiter: new MaxOfRateLimiter<string>(
        new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1000, maxDelayMs: 100_000 }),
        new BucketRateLimiter<string>({ qps: 10, burst: 100, clock }),
      ),
    });
    this.writer = new EndpointSliceWriter(o.client.resource<EndpointSlice>(sliceInfo), this.tracker, this.abort.signal);
    this.recorder = new EventRecorder({ sink: o.eventSink ?? apiEventSink(o.client), component: endpointSliceMirroringComponent, host: o.identity, clock, logger: this.log });
    // Once per cache: a shared informer outlives a term of controllers (miniplane up's factory).
    if (!o.endpointSlices.store.hasIndexer(mirroredSlicesIndex)) o.endpointSlices.store.addIndexers({
      [mirroredSlicesIndex]: (s) => {
        const key = managedByMirroring(s) ? mirroredEndpointsKey(s) : undefined;
        return key ? [key] : [];
      },
    });
  }

  /** Registers the handlers (every cached object is offered to them) and starts the worker. Expects synced informers. */
  async start(): Promise<void> {
    if (this.worker) return;
    const add = (key: string | undefined): void => {
      if (key) this.queue.add(key);
    };
    this.registrations = [
      this.o.services.addEventHandler({
        onAdd: (svc) => (hasSelector(svc) ? undefined : add(metaNamespaceKey(svc))),
        onUpdate: (old, svc) => (hasSelector(old) !== hasSelector(svc) ? add(metaNamespaceKey(svc)) : undefined),
        onDelete: (svc) => (hasSelector(svc) ? undefined : add(metaNamespaceKey(svc))),
      }),
      this.o.endpoints.addEventHandler({
        onAdd: (ep) => (shouldMirror(ep) ? add(metaNamespaceKey(ep)) : undefined),
        onUpdate: (old, ep) => (shouldMirror(old) || shouldMirror(ep) ? add(metaNamespaceKey(ep)) : undefined),
        onDelete: (ep) => (shouldMirror(ep) ? add(metaNamespaceKey(ep)) : undefined),
      }),
      this.o.endpointSlices.addEventHandler({
        onAdd: (s) => (managedByMirroring(s) && this.tracker.shouldSync(s) ? add(mirroredEndpointsKey(s)) : undefined),
        onUpdate: (old, s) => this.onSliceUpdate(old, s, add),
        onDelete: (s) => {
          // A deletion we did not make (or expect) needs the slice back.
          if (managedByMirroring(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s)) add(mirroredEndpointsKey(s));
        },
      }),
    ];
    this.worker = runWorker({ queue: this.queue, sync: (key) => this.sync(key), logger: this.log, maxRetries: this.o.maxRetries });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.queue.shutDown();
    await Promise.all(this.registrations.map((r) => r.remove()));
    await this.worker;
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

  private onSliceUpdate(old: EndpointSlice, s: EndpointSlice, add: (key: string | undefined) => void): void {
    // The controller never changes the service-name label, but users might.
    if (mirroredEndpointsKey(old) !== mirroredEndpointsKey(s)) {
      add(mirroredEndpointsKey(s));
      add(mirroredEndpointsKey(old));
      return;
    }
    if (managedByMirroring(old) !== managedByMirroring(s) || (managedByMirroring(s) && this.tracker.shouldSync(s))) add(mirroredEndpointsKey(s));
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
