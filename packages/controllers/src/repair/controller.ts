/**
 * The ClusterIP/NodePort repair controller: at start and every `intervalMs` it plans one repair
 * pass (`planRepair`) from the informer caches and carries it out through the API.
 *
 * Contract
 * - One work-queue key (`repair`), so passes never overlap; a failed pass is retried rate
 *   limited by the standard worker loop, and the next periodic pass is always scheduled. A pass
 *   is also scheduled for when the earliest pending leak's grace period ends.
 * - A pass waits (fails and retries) until the default ServiceCIDR `kubernetes` is in the cache,
 *   as kube's does: before it, every ClusterIP would look out of range.
 * - Writes (the only place they happen, `apply`): deletes first (uid precondition), then creates.
 *   The caches may lag one another, so each write is re-checked against the live object first: a
 *   create only if the Service (same uid) still holds the IP, a leak delete only if its parent
 *   Service does not. AlreadyExists on create and NotFound/Conflict on delete mean "someone got
 *   there first": skipped, without an Event. An action's Event is written after its write
 *   succeeds; conflict warnings are written every pass (the recorder counts repeats).
 * - Write errors are collected with the object's name and thrown as one AggregateError.
 * Upstream: pkg/registry/core/service/ipallocator/controller/repairip.go (RunUntil, runOnce)
 */
import { AlreadyExists, Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import { formatIP, parseIP, type PortRange } from '@miniplane/api/allocators/index';
import { allocatedValues } from '@miniplane/api/service/allocation';
import type { IPAddressObject, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { DefaultServiceCIDRName } from '@miniplane/api/service/kubernetesService';
import type { ResourceClient, SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { describe } from '../workerLoop.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { ipRepairComponent, planRepair, portRepairComponent, type IPAddressCreate, type IPAddressDelete, type PlannedEvent, type RepairPlan } from './repairPlan.js';

const serviceInfo = findResourceByKind('v1', 'Service')!;
const ipAddressInfo = findResourceByKind('networking.k8s.io/v1', 'IPAddress')!;
const passKey = 'repair';

export interface RepairControllerOptions extends ControllerShellOptions {
  services: SharedInformer<Service>;
  ipAddresses: SharedInformer<IPAddressObject>;
  serviceCIDRs: SharedInformer<ServiceCIDRObject>;
  /** The apiserver's `--service-node-port-range`. */
  nodePortRange: PortRange;
  /** Between passes (default 3 min, kube's). */
  intervalMs?: number;
  /** How long an IPAddress must stay unclaimed before it is deleted (default 60 s, kube's). */
  leakGracePeriodMs?: number;
  /** Told the outcome of every completed pass (metrics, tests). */
  onPass?: (result: RepairPassResult) => void;
}

export interface RepairPassResult {
  created: number;
  deleted: number;
  /** Writes skipped because the live object showed the cache was behind. */
  skipped: number;
  warnings: number;
  /** Leaked IPAddress objects still inside their grace period. */
  pendingLeaks: number;
}

/** One pass at start, then every `intervalMs` after the last (and at the earliest leak deadline). */
export class RepairController extends WorkQueueController {
  private readonly ipAddressClient: ResourceClient<IPAddressObject>;
  private readonly serviceClient: ResourceClient<Service>;
  private readonly recorders: Record<PlannedEvent['component'], EventRecorder>;
  private leakedSince = new Map<string, number>();

  constructor(private readonly o: RepairControllerOptions) {
    super(o, { queueName: 'miniplane_repair', pass: { key: passKey, everyMs: o.intervalMs ?? 180_000 } });
    this.ipAddressClient = o.client.resource<IPAddressObject>(ipAddressInfo);
    this.serviceClient = o.client.resource<Service>(serviceInfo);
    this.recorders = { [ipRepairComponent]: this.eventRecorder(ipRepairComponent), [portRepairComponent]: this.eventRecorder(portRepairComponent) };
  }

  /** One pass: plan from the caches, then apply. */
  async sync(): Promise<void> {
    const now = this.clock.now();
    const cidrs = this.o.serviceCIDRs.store.list();
    if (!cidrs.some((c) => c.metadata.name === DefaultServiceCIDRName)) throw new Error(`waiting for the default ServiceCIDR "${DefaultServiceCIDRName}"`);
    const plan = planRepair(this.o.services.store.list(), this.o.ipAddresses.store.list(), cidrs, this.o.nodePortRange, {
      now, leakGracePeriodMs: this.o.leakGracePeriodMs ?? 60_000, leakedSince: this.leakedSince,
    });
    this.leakedSince = plan.leakedSince;
    if (plan.nextLeakDeadline !== undefined) this.queue.addAfter(passKey, plan.nextLeakDeadline - now);
    const result = await this.apply(plan);
    if (result.created || result.deleted || result.warnings) this.log.info({ ...result }, 'repair pass');
    this.o.onPass?.(result);
  }

  private async apply(plan: RepairPlan): Promise<RepairPassResult> {
    const result: RepairPassResult = { created: 0, deleted: 0, skipped: 0, warnings: plan.warnings.length, pendingLeaks: plan.leakedSince.size };
    const errors: Error[] = [];
    const attempt = async (what: string, write: () => Promise<'done' | 'skipped'>, event?: PlannedEvent): Promise<void> => {
      try {
        const outcome = await write();
        if (outcome === 'skipped') result.skipped++;
        else if (event) await this.emit(event);
      } catch (err: unknown) {
        errors.push(new Error(`${what}: ${describe(err)}`));
      }
    };
    for (const d of plan.toDelete) {
      await attempt(`delete IPAddress ${d.name}`, async () => (await this.deleteIPAddress(d)) ? (result.deleted++, 'done') : 'skipped', d.event);
    }
    for (const c of plan.toCreate) {
      await attempt(`create IPAddress ${c.ipAddress.metadata.name} for Service ${c.service.metadata.namespace}/${c.service.metadata.name}`,
        async () => (await this.createIPAddress(c)) ? (result.created++, 'done') : 'skipped', c.event);
    }
    for (const w of plan.warnings) await this.emit(w);
    if (errors.length) throw new AggregateError(errors, `repair: ${errors.length} write(s) failed`);
    return result;
  }

  /** True if deleted; false if the live state says not to, or it is already gone. */
  private async deleteIPAddress(d: IPAddressDelete): Promise<boolean> {
    const ref = d.parentRef;
    if (d.leak && ref?.resource === 'services' && ref.name) {
      const parent = await this.liveService(ref.namespace ?? '', ref.name);
      if (parent && holds(parent, d.name)) return false;
    }
    try {
      await this.ipAddressClient.delete(d.name, { preconditions: d.uid ? { uid: d.uid } : undefined, signal: this.signal });
      return true;
    } catch (err: unknown) {
      if (err instanceof NotFound || err instanceof Conflict) return false;
      throw err;
    }
  }

  private async createIPAddress(c: IPAddressCreate): Promise<boolean> {
    const { namespace = '', name = '', uid } = c.service.metadata;
    const live = await this.liveService(namespace, name);
    if (!live || live.metadata.uid !== uid || !holds(live, c.ipAddress.metadata.name ?? '')) return false;
    try {
      await this.ipAddressClient.create(c.ipAddress, { signal: this.signal });
      return true;
    } catch (err: unknown) {
      if (err instanceof AlreadyExists) return false;
      throw err;
    }
  }

  private async liveService(namespace: string, name: string): Promise<Service | undefined> {
    try {
      return await this.serviceClient.get(name, { namespace, signal: this.signal });
    } catch (err: unknown) {
      if (err instanceof NotFound) return undefined;
      throw err;
    }
  }

  private emit(e: PlannedEvent): Promise<void> {
    this.log.warn({ reason: e.reason, object: `${e.regarding.metadata.namespace ?? ''}/${e.regarding.metadata.name ?? ''}` }, e.message);
    return this.recorders[e.component].event(e.regarding, 'Warning', e.reason, e.message);
  }
}

/** Whether the Service holds `ip` (canonical text) as a ClusterIP. */
function holds(svc: Service, ip: string): boolean {
  return allocatedValues(svc).ips.some((x) => {
    const p = parseIP(x);
    return p !== undefined && formatIP(p.family, p.value) === ip;
  });
}
