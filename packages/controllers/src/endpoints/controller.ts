/**
 * The Endpoints controller (kube-controller-manager's `endpoints-controller`): keeps the v1
 * Endpoints of every Service with a selector equal to `planEndpoints`' answer, and deletes the
 * Endpoints of Services that are gone.
 *
 * Contract
 * - Work-queue keys are Service `namespace/name`. Enqueued: a Service added, updated or deleted;
 *   a pod added, deleted or changed in what endpoints see of it, for every Service selecting it
 *   before or after (after `batchPeriodMs`, kube's --endpoint-updates-batch-period); an Endpoints
 *   deleted (recreated if its Service still wants it). At start every existing Endpoints not
 *   used as a leader-election lock is queued, so orphans (no Service) are deleted.
 * - Writes: create (POST), update (PUT with the cached resourceVersion; a Conflict is retried
 *   from the next cache state), delete (NotFound is success). A failed sync is retried rate
 *   limited (kube's queue: 5 ms doubling to 1000 s, 10 qps overall) up to 15 times.
 * - The trigger-time annotation is the TriggerTimeTracker's (kube's), computed each sync.
 * - The desired subsets come from a SubsetCache (per Service, updated per changed pod).
 * Upstream: pkg/controller/endpoint/endpoints_controller.go
 */
import { NotFound, findResourceByKind } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { metaNamespaceKey, namespaceIndex, type HandlerRegistration, type ResourceClient, type SharedInformer } from '@miniplane/client';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { leaderElectionAnnotation, type Endpoints } from '../endpointSliceMirroring/endpointTypes.js';
import { servedBySelector } from '../endpointSlice/podEndpoints.js';
import { queueServicesAndPods } from '../endpointSlice/serviceQueueing.js';
import { TriggerTimeTracker } from '../endpointSlice/triggerTimeTracker.js';
import { planEndpoints } from './endpointsPlan.js';
import { SubsetCache } from './subsetCache.js';

const endpointsInfo = findResourceByKind('v1', 'Endpoints')!;

export interface EndpointsControllerOptions extends ControllerShellOptions {
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  endpoints: SharedInformer<Endpoints>;
  batchPeriodMs?: number;
  workers?: number;
}

export class EndpointsController extends WorkQueueController {
  private readonly epClient: ResourceClient<Endpoints>;
  private readonly triggers = new TriggerTimeTracker();
  /** Each Service's desired subsets, updated per changed pod (subsetCache.ts). */
  private readonly subsets = new SubsetCache();

  constructor(private readonly o: EndpointsControllerOptions) {
    super(o, { queueName: 'endpoint', workers: o.workers ?? 5 });
    this.epClient = o.client.resource<Endpoints>(endpointsInfo);
  }

  protected override handlers(): HandlerRegistration[] {
    return [
      ...queueServicesAndPods({ services: this.o.services, pods: this.o.pods, queue: this.queue, batchPeriodMs: this.o.batchPeriodMs }),
      this.o.endpoints.addEventHandler({ onDelete: (ep) => this.queue.add(metaNamespaceKey(ep)) }),
    ];
  }

  /** kube's checkLeftoverEndpoints: every Endpoints not used as a leader-election lock, so orphans go. */
  protected override initialKeys(): string[] {
    return this.o.endpoints.store.list().filter((ep) => !(leaderElectionAnnotation in (ep.metadata.annotations ?? {}))).map((ep) => metaNamespaceKey(ep));
  }

  async sync(key: string): Promise<void> {
    const service = this.o.services.store.get(key);
    const selecting = service && servedBySelector(service) ? service : undefined;
    const pods = selecting ? this.o.pods.store.byIndex(namespaceIndex, selecting.metadata.namespace ?? '') : [];
    if (!service) this.triggers.deleteService(key);
    const triggerTime = selecting ? this.triggers.compute(key, selecting, pods) : undefined;
    if (!selecting) this.subsets.forget(key);
    const subsets = selecting ? this.subsets.subsets(key, selecting, pods) : undefined;
    const plan = planEndpoints({ service, pods, subsets, current: this.o.endpoints.store.get(key), triggerTime });
    const signal = this.signal;
    const namespace = key.slice(0, key.indexOf('/'));
    if (plan.action === 'delete') {
      try {
        await this.epClient.delete(plan.endpoints.metadata.name ?? '', { namespace, signal });
      } catch (err: unknown) {
        if (!(err instanceof NotFound)) throw err;
      }
    } else if (plan.action === 'create') {
      await this.epClient.create(plan.endpoints, { namespace, signal });
    } else if (plan.action === 'update') {
      await this.epClient.update(plan.endpoints, { namespace, signal });
    }
    if (plan.action !== 'none') this.log.debug({ service: key, action: plan.action }, 'Endpoints written');
  }
}
