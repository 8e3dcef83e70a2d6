/**
 * The ServiceCIDR controller (kube-controller-manager's `service-cidr-controller`): keeps the
 * protection finalizer and the Ready condition of every ServiceCIDR as `planServiceCIDR` says,
 * and lets a deleted ServiceCIDR go once no allocated IPAddress depends on it alone.
 *
 * Contract
 * - Work-queue keys are ServiceCIDR names. Enqueued: a ServiceCIDR added (with every ServiceCIDR
 *   overlapping it, whose deletion it may unblock), updated or deleted; the ServiceCIDRs
 *   containing an allocator-managed IPAddress that is added or deleted. A plan still inside the
 *   deletion grace period enqueues its key again for when that period ends.
 * - Writes, in `apply` only: strategic merge patches of metadata.finalizers (add the finalizer;
 *   `$deleteFromPrimitiveList` to remove it), NotFound meaning done; the Ready condition as a
 *   server-side apply of `/status` (field manager `service-cidr-controller`, force), as kube.
 * - A failed Ready=True write also records a Warning Event `KubernetesServiceCIDRError`.
 * - Errors are retried rate limited by the standard worker loop, then the key is dropped.
 * Upstream: pkg/controller/servicecidrs/servicecidrs_controller.go
 */
import { NotFound, findResourceByKind } from '@miniplane/api';
import type { IPAddressObject, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import {
  RateLimitingWorkQueue, realClock, silentLogger,
  type Clock, type HandlerRegistration, type Logger, type ResourceClient, type RestClient, type SharedInformer,
} from '@miniplane/client';
import { EventRecorder, apiEventSink, type EventSink } from '../eventRecorder.js';
import { runWorker } from '../workerLoop.js';
import {
  containingServiceCIDRs, overlappingServiceCIDRs, planServiceCIDR, serviceCIDRControllerName, serviceCIDRProtectionFinalizer,
  type ServiceCIDRPlan,
} from './serviceCIDRPlan.js';

const serviceCIDRInfo = findResourceByKind('networking.k8s.io/v1', 'ServiceCIDR')!;

export interface ServiceCIDRControllerOptions {
  client: RestClient;
  serviceCIDRs: SharedInformer<ServiceCIDRObject>;
  ipAddresses: SharedInformer<IPAddressObject>;
  /** Written as the Events' source.host / reportingInstance. */
  identity?: string;
  eventSink?: EventSink;
  clock?: Clock;
  logger?: Logger;
  maxRetries?: number;
}

export class ServiceCIDRController {
  private readonly o: ServiceCIDRControllerOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly queue: RateLimitingWorkQueue<string>;
  private readonly cidrClient: ResourceClient<ServiceCIDRObject>;
  private readonly recorder: EventRecorder;
  private readonly abort = new AbortController();
  private registrations: HandlerRegistration[] = [];
  private worker: Promise<void> | undefined;

  constructor(o: ServiceCIDRControllerOptions) {
    this.o = o;
    this.clock = o.clock ?? realClock;
    this.log = o.logger ?? silentLogger;
    this.queue = new RateLimitingWorkQueue<string>({ name: 'ipaddresses', clock: this.clock });
    this.cidrClient = o.client.resource<ServiceCIDRObject>(serviceCIDRInfo);
    this.recorder = new EventRecorder({
      sink: o.eventSink ?? apiEventSink(o.client), component: serviceCIDRControllerName, host: o.identity, clock: this.clock, logger: this.log,
    });
  }

  /** Registers the handlers (every cached ServiceCIDR is enqueued) and starts the worker. */
  async start(): Promise<void> {
    if (this.worker) return;
    const cidrs = () => this.o.serviceCIDRs.store.list();
    const add = (...names: string[]): void => names.forEach((n) => this.queue.add(n));
    const byIP = (ipa: IPAddressObject): void => add(...containingServiceCIDRs(ipa, cidrs()));
    this.registrations = [
      this.o.serviceCIDRs.addEventHandler({
        onAdd: (c) => add(c.metadata.name ?? '', ...overlappingServiceCIDRs(c, cidrs())),
        onUpdate: (_old, c) => add(c.metadata.name ?? ''),
        onDelete: (c) => add(c.metadata.name ?? ''),
      }),
      this.o.ipAddresses.addEventHandler({ onAdd: byIP, onDelete: byIP }),
    ];
    this.worker = runWorker({ queue: this.queue, sync: (key) => this.sync(key), logger: this.log, maxRetries: this.o.maxRetries });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.queue.shutDown();
    await Promise.all(this.registrations.map((r) => r.remove()));
    await this.worker;
  }

  async sync(name: string): Promise<void> {
    const cidr = this.o.serviceCIDRs.store.get(name);
    if (!cidr) return;
    const plan = planServiceCIDR(cidr, this.o.serviceCIDRs.store.list(), () => this.o.ipAddresses.store.list(), this.clock.now());
    await this.apply(cidr, plan);
  }

  /** The only place that writes. */
  private async apply(cidr: ServiceCIDRObject, plan: ServiceCIDRPlan): Promise<void> {
    const name = cidr.metadata.name ?? '';
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(name, plan.requeueAfterMs);
    if (plan.addFinalizer) await this.patchFinalizers(name, { finalizers: [serviceCIDRProtectionFinalizer] });
    if (plan.condition) {
      const c = plan.condition;
      try {
        await this.cidrClient.patch(name, {
          apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name }, status: { conditions: [c] },
        }, 'apply', { subresource: 'status', fieldManager: serviceCIDRControllerName, force: true, signal: this.abort.signal });
        this.log.info({ serviceCIDR: name, status: c.status, reason: c.reason }, 'ServiceCIDR condition updated');
      } catch (err: unknown) {
        if (c.status === 'True') {
          await this.recorder.event(cidr, 'Warning', 'KubernetesServiceCIDRError', 'The ServiceCIDR Status can not be set to Ready=True');
        }
        throw err;
      }
    }
    if (plan.removeFinalizer) {
      await this.patchFinalizers(name, { '$deleteFromPrimitiveList/finalizers': [serviceCIDRProtectionFinalizer] });
      this.log.info({ serviceCIDR: name }, 'ServiceCIDR protection finalizer removed');
    }
  }

  private async patchFinalizers(name: string, metadata: Record<string, string[]>): Promise<void> {
    try {
      await this.cidrClient.patch(name, { metadata }, 'strategic', { signal: this.abort.signal });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
}
