/**
 * The namespace controller (kube's `namespace-controller`): a deleted namespace is emptied, then
 * finalized, so it goes.
 *
 * Contract
 * - Work-queue keys are namespace names, queued when the informer shows a namespace with a
 *   deletionTimestamp. A sync reads the namespace live (the cache may lag), and
 *   1. sets `status.phase: Terminating` if the apiserver has not;
 *   2. stops if `kubernetes` is no longer in spec.finalizers;
 *   3. discovers every namespaced resource that supports list and delete (the server's discovery,
 *      so kinds registered at run time count), deletes each one's objects (DELETE of the
 *      collection, Background propagation, each pod with its own grace period so it goes
 *      Terminating and its kubelet finishes it; list + delete where deletecollection is not
 *      served) and lists what is left (deletionEstimate.ts: how long to wait for it); pods
 *      come first, and while any is left nothing else is deleted (kube 1.33's
 *      OrderedNamespaceDeletion);
 *   4. writes the five deletion conditions (`namespaceConditions`) when they changed;
 *   5. on an error (content left that nothing explains, a failed delete) retries rate-limited;
 *      while an estimate runs (pods in their grace period, objects with finalizers) looks again
 *      after estimate/2 + 1 s, as kube; else PUTs `/finalize` without `kubernetes`, which
 *      deletes the namespace. `resyncMs`, when set, caps that wait (tests).
 * Upstream: pkg/controller/namespace/namespace_controller.go,
 * pkg/controller/namespace/deletion/namespaced_resources_deleter.go
 */
import { NotFound, findResourceByKind, resourceRow, type KubeObject } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { HandlerRegistration, SharedInformer } from '@miniplane/client';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import {
  contentTotals, deletableResources, finalizeSpec, finalizerKubernetes, namespaceConditions, specFinalizers,
  type DeletableResource, type GroupVersionResources, type NamespaceCondition,
} from './namespacePlan.js';
import { isPods, podGraceEstimate, remainingOutcome, requeueDelayMs } from './deletionEstimate.js';

export const namespaceControllerName = 'namespace-controller';

export interface NamespaceControllerOptions extends ControllerShellOptions {
  namespaces: SharedInformer<KubeObject>;
  /** A cap on the wait for content left (default none: kube's estimate/2 + 1 s). */
  resyncMs?: number;
}

interface NamespaceStatus { phase?: string; conditions?: NamespaceCondition[] }

export class NamespaceController extends WorkQueueController {
  constructor(private readonly o: NamespaceControllerOptions) {
    super(o, { queueName: 'namespace' });
  }

  protected override handlers(): HandlerRegistration[] {
    const queueIfDeleted = (ns: KubeObject) => void (ns.metadata.deletionTimestamp && this.queue.add(ns.metadata.name!));
    return [this.o.namespaces.addEventHandler({ onAdd: queueIfDeleted, onUpdate: (_, b) => queueIfDeleted(b) })];
  }

  protected override initialKeys(): string[] {
    return this.o.namespaces.store.list().filter((ns) => ns.metadata.deletionTimestamp).map((ns) => ns.metadata.name!);
  }

  protected async sync(name: string): Promise<void> {
    const client = this.o.client.resource(namespaces);
    let ns: KubeObject;
    try {
      ns = await client.get(name);
    } catch (err: unknown) {
      if (err instanceof NotFound) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    const status = (ns.status ?? {}) as NamespaceStatus;
    if (status.phase !== 'Terminating') ns = await client.updateStatus({ ...ns, status: { ...status, phase: 'Terminating' } });
    if (!specFinalizers(ns).includes(finalizerKubernetes)) return;

    let discoveryError: string | undefined;
    let resources: DeletableResource[] = [];
    try {
      resources = deletableResources(await this.discover());
    } catch (err: unknown) {
      discoveryError = String(err instanceof Error ? err.message : err);
    }
    const deleteErrors: string[] = [];
    const left: Array<{ resource: DeletableResource; items: KubeObject[] }> = [];
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    let estimate = 0;
    for (const resource of resources) {
      try {
        const { items, estimate: grace } = await this.deleteContent(resource, name, deletedAt);
        left.push({ resource, items });
        const out = remainingOutcome(resource, name, items, grace);
        estimate = Math.max(estimate, out.estimate);
        if (out.error) deleteErrors.push(out.error);
        // OrderedNamespaceDeletion: nothing else is deleted while a pod is left.
        if (isPods(resource) && items.length) break;
      } catch (err: unknown) {
        deleteErrors.push(`${resource.plural}.${resource.group}: ${err instanceof Error ? err.message : String(err)}`);
        if (isPods(resource)) break;
      }
    }
    const totals = contentTotals(left);
    const next = namespaceConditions(((ns.status ?? {}) as NamespaceStatus).conditions ?? [], { discoveryError, deleteErrors, totals }, metaTime(new Date(this.clock.now())));
    if (next.changed) ns = await client.updateStatus({ ...ns, status: { ...(ns.status as object), conditions: next.conditions } });
    if (discoveryError !== undefined || deleteErrors.length) throw new Error(`namespace ${name}: ${discoveryError ?? deleteErrors.join('; ')}`);
    if (estimate > 0) {
      const wait = requeueDelayMs(estimate);
      this.log.debug({ namespace: name, estimate, waitMs: wait }, 'content remaining in namespace');
      this.queue.addAfter(name, Math.min(wait, this.o.resyncMs ?? wait));
      return;
    }
    await this.o.client.request({ method: 'PUT', path: `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, body: { ...ns, spec: { ...(ns.spec as object), finalizers: finalizeSpec(ns) } } });
    this.log.info({ namespace: name }, 'namespace finalized');
  }

  /**
   * Deletes one resource's objects in the namespace; returns those still there and, for pods,
   * the grace estimate read before the delete (kube's estimateGracefulTermination).
   */
  private async deleteContent(r: DeletableResource, namespace: string, deletedAt: number): Promise<{ items: KubeObject[]; estimate: number }> {
    const info = resourceRow({ group: r.group, version: r.version, kind: r.kind, plural: r.plural });
    const rc = this.o.client.resource(info, namespace);
    const estimate = isPods(r) ? podGraceEstimate((await rc.list({ all: true })).items, deletedAt, this.clock.now()) : 0;
    if (r.deleteCollection) {
      await rc.deleteCollection({ propagationPolicy: 'Background' });
    } else {
      for (const o of (await rc.list({ all: true })).items) {
        await rc.delete(o.metadata.name!, { propagationPolicy: 'Background' }).catch((err: unknown) => {
          if (!(err instanceof NotFound)) throw err;
        });
      }
    }
    return { items: (await rc.list({ all: true })).items, estimate };
  }

  /** Discovery: the core group and every group's preferred version. */
  private async discover(): Promise<GroupVersionResources[]> {
    const get = <T>(path: string) => this.o.client.request<T>({ method: 'GET', path });
    type List = { resources: GroupVersionResources['resources'] };
    const out: GroupVersionResources[] = [{ group: '', version: 'v1', resources: (await get<List>('/api/v1')).resources }];
    const groups = await get<{ groups: Array<{ name: string; preferredVersion: { version: string } }> }>('/apis');
    for (const g of groups.groups) {
      const v = g.preferredVersion.version;
      out.push({ group: g.name, version: v, resources: (await get<List>(`/apis/${g.name}/${v}`)).resources });
    }
    return out;
  }
}

const namespaces = findResourceByKind('v1', 'Namespace')!;
