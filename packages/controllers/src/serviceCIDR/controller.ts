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
import type { HandlerRegistration, ResourceClient, SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import {
  containingServiceCIDRs, overlappingServiceCIDRs, planServiceCIDR, serviceCIDRControllerName, serviceCIDRProtectionFinalizer,
  type ServiceCIDRPlan,
} from './serviceCIDRPlan.js';

const serviceCIDRInfo = findResourceByKind('networking.k8s.io/v1', 'ServiceCIDR')!;

export interface ServiceCIDRControllerOptions extends ControllerShellOptions {
  serviceCIDRs: SharedInformer<ServiceCIDRObject>;
  ipAddresses: SharedInformer<IPAddressObject>;
}

export class ServiceCIDRController extends WorkQueueController {
  private readonly cidrClient: ResourceClient<ServiceCIDRObject>;
  private readonly recorder: EventRecorder;

  constructor(private readonly o: ServiceCIDRControllerOptions) {
    super(o, { queueName: 'ipaddresses' });
    this.cidrClient = o.client.resource<ServiceCIDRObject>(serviceCIDRInfo);
    this.recorder = this.eventRecorder(serviceCIDRControllerName);
  }

  /** Every cached ServiceCIDR is offered to them, so each is synced at start. */
  protected override handlers(): HandlerRegistration[] {
    const cidrs = () => this.o.serviceCIDRs.store.list();
    const add = (...names: string[]): void => names.forEach((n) => this.queue.add(n));
    const byIP = (ipa: IPAddressObject): void => add(...containingServiceCIDRs(ipa, cidrs()));
    return [
      this.o.serviceCIDRs.addEventHandler({
        onAdd: (c) => add(c.metadata.name ?? '', ...overlappingServiceCIDRs(c, cidrs())),
        onUpdate: (_old, c) => add(c.metadata.name ?? ''),
        onDelete: (c) => add(c.metadata.name ?? ''),
      }),
      this.o.ipAddresses.addEventHandler({ onAdd: byIP, onDelete: byIP }),
    ];
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
        }, 'apply', { subresource: 'status', fieldManager: serviceCIDRControllerName, force: true, signal: this.signal });
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
      await this.cidrClient.patch(name, { metadata }, 'strategic', { signal: this.signal });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
}
