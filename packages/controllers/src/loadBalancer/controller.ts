/**
 * The MetalLB-like LoadBalancer controller: keeps `status.loadBalancer.ingress` of every handled
 * LoadBalancer Service equal to `planLoadBalancer`'s answer for the pool (one range, or several
 * of both families: then one address per entry of the Service's `spec.ipFamilies`).
 *
 * Contract
 * - One work-queue key (`loadbalancers`): any change to a Service that is, or was, relevant (a
 *   handled LoadBalancer, or a non-LoadBalancer still showing an ingress IP) schedules one pass
 *   over the whole cache; changes during a pass coalesce into one more pass. Passes never overlap.
 *   A pass also runs every `resyncPeriodMs` (default 5 min), so a Service whose writes ran out of
 *   retries is picked up again without waiting for its next change.
 * - Writes: a merge patch of the `/status` subresource carrying the planned-from
 *   resourceVersion, so a write based on a stale cache fails with Conflict and the pass is
 *   retried (rate limited) instead of overwriting newer state.
 * - The informer cache lags our own writes. Until it shows a Service past the version we wrote
 *   from, the pass plans from the object our write returned, so an address just handed out is
 *   never handed out twice.
 * - Events (component `miniplane-lb-controller`): `IPAllocated` (Normal, `Assigned IP ["a" "b"]`
 *   as Go prints the list) after a successful write that gave a new address; `AllocationFailed`
 *   (Warning) once per Service and failure message — not again every pass while it stays
 *   unchanged.
 * Upstream (behaviour): metallb/metallb controller/main.go, controller/service.go
 */
import { findResourceByKind } from '@miniplane/api';
import type { LoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';
import { metaNamespaceKey, type HandlerRegistration, type ResourceClient, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { describe } from '../workerLoop.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { handles, ingressIPs, planLoadBalancer, type StatusUpdate } from './loadBalancerPlan.js';
import { goQuoted } from './loadBalancerRequest.js';

export const loadBalancerComponent = 'miniplane-lb-controller';
const serviceInfo = findResourceByKind('v1', 'Service')!;
const passKey = 'loadbalancers';

export interface LoadBalancerControllerOptions extends ControllerShellOptions {
  services: SharedInformer<Service>;
  /** The whole `--load-balancer-ip-range` flag (`parseLoadBalancerPools`). */
  pool: LoadBalancerPools;
  resyncPeriodMs?: number;
}

/** Whether a change to this Service can change what the controller writes. */
function relevant(svc: Service): boolean {
  return handles(svc) || (svc.spec?.type !== 'LoadBalancer' && ingressIPs(svc).length > 0);
}

/** A pass at start, after every relevant change, and `resyncPeriodMs` after the last. */
export class LoadBalancerController extends WorkQueueController {
  private readonly serviceClient: ResourceClient<Service>;
  private readonly recorder: EventRecorder;
  /** Service key → our last write: the version it was made from and the object it returned. */
  private readonly written = new Map<string, { before: string | undefined; obj: Service }>();
  /** Service uid → the AllocationFailed message last reported. */
  private readonly reported = new Map<string, string>();
  constructor(private readonly o: LoadBalancerControllerOptions) {
    super(o, { queueName: 'miniplane_lb', pass: { key: passKey, everyMs: o.resyncPeriodMs ?? 300_000 } });
    this.serviceClient = o.client.resource<Service>(serviceInfo);
    this.recorder = this.eventRecorder(loadBalancerComponent);
  }

  protected override handlers(): HandlerRegistration[] {
    const enqueue = (...svcs: Service[]): void => {
      if (svcs.some(relevant)) this.queue.add(passKey);
    };
    return [this.o.services.addEventHandler({
      onAdd: (svc) => enqueue(svc),
      onUpdate: (old, svc) => enqueue(old, svc),
      onDelete: (svc) => enqueue(svc),
    })];
  }

  /** One pass over the cache. */
  async sync(): Promise<void> {
    const plan = planLoadBalancer(this.view(), this.o.pool);
    const allocated = new Map(plan.allocated.map((a) => [a.service, a.ips]));
    const errors: Error[] = [];
    for (const u of plan.toUpdate) {
      const key = metaNamespaceKey(u.service);
      try {
        const obj = await this.writeStatus(u);
        this.written.set(key, { before: u.service.metadata.resourceVersion, obj });
        const ips = allocated.get(u.service);
        if (ips) {
          this.reported.delete(u.service.metadata.uid ?? '');
          this.log.info({ service: key, ips }, 'IP allocated');
          await this.recorder.event(obj, 'Normal', 'IPAllocated', `Assigned IP ${goQuoted(ips)}`);
        }
      } catch (err: unknown) {
        errors.push(new Error(`Service ${key}: ${describe(err)}`));
      }
    }
    for (const f of plan.failed) {
      const uid = f.service.metadata.uid ?? '';
      if (this.reported.get(uid) === f.message) continue;
      this.reported.set(uid, f.message);
      this.log.warn({ service: metaNamespaceKey(f.service) }, f.message);
      await this.recorder.event(f.service, 'Warning', 'AllocationFailed', f.message);
    }
    if (errors.length) throw new AggregateError(errors, `loadbalancer: ${errors.length} status write(s) failed`);
  }

  /** The cached Services, with our own writes the cache has not caught up with yet. */
  private view(): Service[] {
    const out: Service[] = [];
    const live = new Set<string>();
    const present = new Set<string>();
    for (const svc of this.o.services.store.list()) {
      const key = metaNamespaceKey(svc);
      live.add(key);
      present.add(svc.metadata.uid ?? '');
      const w = this.written.get(key);
      if (w && w.before === svc.metadata.resourceVersion) out.push(w.obj);
      else {
        this.written.delete(key);
        out.push(svc);
      }
    }
    for (const key of this.written.keys()) if (!live.has(key)) this.written.delete(key);
    for (const uid of this.reported.keys()) if (!present.has(uid)) this.reported.delete(uid);
    return out;
  }

  private writeStatus(u: StatusUpdate): Promise<Service> {
    const { namespace, name = '', resourceVersion } = u.service.metadata;
    const loadBalancer = u.ips.length ? { ingress: u.ips.map((ip) => ({ ip, ipMode: 'VIP' })) } : { ingress: null };
    const patch = { metadata: { resourceVersion }, status: { loadBalancer } };
    return this.serviceClient.patch(name, patch, 'merge', { namespace, subresource: 'status', signal: this.signal });
  }
}
