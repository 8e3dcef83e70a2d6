/**
 * The ReplicaSet controller (kube's `replicaset-controller`): keeps `spec.replicas` pods of each
 * ReplicaSet, adopting and releasing pods by selector, and writes its status.
 *
 * Contract
 * - Work-queue key: the ReplicaSet (`ns/name`); a pod change queues its controller, or (an
 *   orphan, or labels changed) every ReplicaSet of the namespace whose selector matches it. An
 *   event that can only change the set's status (a status change, or a create or delete seen
 *   while others are still expected) waits 20 times the set's last plan time (at most 1 s;
 *   nothing for a small set), so a big set is re-planned in batches, not per pod. So does an
 *   update of the ReplicaSet with the same generation (its own status writes coming back).
 *   Five workers, never one key in two at once; failures are retried rate limited.
 * - One sync = planReplicaSet over the pods it controls and the namespace's orphans (read through
 *   the pod cache's controller index, podControllerIndex.ts), then: adoptions and releases (merge patches of
 *   `metadata.ownerReferences` carrying the pod's resourceVersion), creates in slow-start batches
 *   of 1, 2, 4, ... (a failed batch stops the rest; Events `SuccessfulCreate` "Created pod: x" /
 *   Warning `FailedCreate` "Error creating: ..."), deletes (graceful; `SuccessfulDelete`
 *   "Deleted pod: x"), each recorded as expectations first; then the status (PUT /status from the
 *   cached resourceVersion; on a Conflict once more from a fresh GET), with `ReplicaFailure` while
 *   creates or deletes fail.
 * - A ReplicaSet whose ready pods become available later (minReadySeconds) is queued again then.
 * Upstream: pkg/controller/replicaset/replica_set.go
 */
import { Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import { labelSelectorFromObject, type LabelSet } from '@miniplane/api/labelSelector';
import type { Pod } from '@miniplane/api/pod/types';
import { metaNamespaceKey, namespaceIndex, type HandlerRegistration, type ResourceClient, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { describe } from '../workerLoop.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { Expectations } from './expectations.js';
import { addPodControllerIndex, claimablePods } from './podControllerIndex.js';
import { controllerOf, planReplicaSet, podFromTemplate, replicaSetStatusUpdate, type ReplicaSetPlanInput } from './replicaSetPlan.js';
import type { ReplicaSet } from './replicaSetTypes.js';

export const replicaSetControllerName = 'replicaset-controller';
const maxStatusBatchMs = 1000;
const podInfo = findResourceByKind('v1', 'Pod')!;
const rsInfo = findResourceByKind('apps/v1', 'ReplicaSet')!;

export interface ReplicaSetControllerOptions extends ControllerShellOptions {
  replicaSets: SharedInformer<ReplicaSet>;
  pods: SharedInformer<Pod>;
  workers?: number;
}

export class ReplicaSetController extends WorkQueueController {
  private readonly podClient: ResourceClient<Pod>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly recorder: EventRecorder;
  private readonly expectations: Expectations;
  private readonly failures = new Map<string, NonNullable<ReplicaSetPlanInput['manageError']>>();
  /** How long the last plan of each set took (ms): the pod-status batch delay grows with it. */
  private readonly planMs = new Map<string, number>();

  constructor(private readonly o: ReplicaSetControllerOptions) {
    super(o, { queueName: 'replicaset', workers: o.workers ?? 5 });
    this.podClient = o.client.resource<Pod>(podInfo);
    this.rsClient = o.client.resource<ReplicaSet>(rsInfo);
    this.expectations = new Expectations(this.clock);
    this.recorder = this.eventRecorder(replicaSetControllerName);
    addPodControllerIndex(o.pods.store);
  }

  protected override handlers(): HandlerRegistration[] {
    const key = (rs: ReplicaSet) => metaNamespaceKey(rs);
    return [this.o.replicaSets.addEventHandler({
      onAdd: (rs) => this.queue.add(key(rs)),
      onUpdate: (old, rs) => {
        // Its own status writes come back as updates: those (no new generation, no deletion) are batched.
        const statusOnly = old.metadata.generation === rs.metadata.generation && !old.metadata.deletionTimestamp === !rs.metadata.deletionTimestamp;
        if (statusOnly) this.queue.addAfter(key(rs), this.batchDelayMs(key(rs)));
        else this.queue.add(key(rs));
      },
      onDelete: (rs) => {
        this.expectations.forget(key(rs));
        this.failures.delete(key(rs));
        this.planMs.delete(key(rs));
      },
    }), this.o.pods.addEventHandler({
      onAdd: (p) => {
        const owner = this.ownerKey(p);
        if (owner) this.expectations.created(owner);
        this.enqueueFor(p, false);
      },
      onUpdate: (old, p) => {
        const deleting = !!p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp;
        if (deleting) this.observeDeletion(p);
        const moved = JSON.stringify(old.metadata.labels) !== JSON.stringify(p.metadata.labels) || controllerOf(old)?.uid !== controllerOf(p)?.uid;
        if (moved) this.enqueueFor(old, false);
        this.enqueueFor(p, !deleting && !moved);
      },
      onDelete: (p) => {
        this.observeDeletion(p);
        this.enqueueFor(p, false);
      },
    })];
  }

  protected override initialKeys(): string[] {
    return this.o.replicaSets.store.list().map((rs) => metaNamespaceKey(rs));
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  private ownerKey(p: Pod): string | undefined {
    const ref = controllerOf(p);
    return ref?.kind === 'ReplicaSet' ? `${p.metadata.namespace}/${ref.name}` : undefined;
  }

  /**
   * How long a pod event that only changes a set's status waits before it syncs the set: 20
   * times the set's last plan, at most 1 s. A plan reads every pod of the set, so a 10,000-pod
   * set would otherwise re-plan for nearly each of its pods' creates and status writes; batched,
   * planning takes at most ~5 % of the time. A small set plans in well under a millisecond and
   * is queued at once. (kube's Job controller batches pod updates the same way, by a fixed 1 s.)
   */
  private batchDelayMs(key: string): number {
    return Math.min(maxStatusBatchMs, 20 * (this.planMs.get(key) ?? 0));
  }

  private observeDeletion(p: Pod): void {
    const owner = this.ownerKey(p);
    if (owner) this.expectations.deleted(owner, metaNamespaceKey(p));
  }

  /**
   * Queues the pod's controller, or every ReplicaSet of its namespace that selects it. The
   * controller is queued at once when the change may call for creates or deletes (its
   * expectations are met and it is not a change of status only), else after batchDelayMs.
   */
  private enqueueFor(p: Pod, statusOnly: boolean): void {
    const owner = this.ownerKey(p);
    if (owner) {
      if (!statusOnly && this.expectations.satisfied(owner)) this.queue.add(owner);
      else this.queue.addAfter(owner, this.batchDelayMs(owner));
      return;
    }
    if (controllerOf(p)) return;
    for (const rs of this.o.replicaSets.store.byIndex(namespaceIndex, p.metadata.namespace ?? '')) {
      const sel = labelSelectorFromObject(rs.spec.selector);
      if (!sel.empty() && sel.matches(p.metadata.labels as LabelSet)) this.queue.add(metaNamespaceKey(rs));
    }
  }

  async sync(key: string): Promise<void> {
    const rs = this.o.replicaSets.store.get(key);
    if (!rs) return;
    const now = this.clock.now();
    const pods = claimablePods(this.o.pods.store, rs.metadata.namespace ?? '', rs.metadata.uid ?? '');
    const input: ReplicaSetPlanInput = { rs, pods, now, expectationsSatisfied: this.expectations.satisfied(key), manageError: this.failures.get(key) };
    const plan = planReplicaSet(input);
    this.planMs.set(key, this.clock.now() - now);
    for (const p of plan.adopt) await this.setOwner(p, [...(p.metadata.ownerReferences ?? []), podFromTemplate(rs).metadata.ownerReferences![0]!]);
    for (const p of plan.release) await this.setOwner(p, (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid));
    let manageError = this.failures.get(key);
    if (plan.create > 0 || plan.delete.length > 0) {
      manageError = plan.create > 0 ? await this.createPods(key, rs, plan.create) : await this.deletePods(key, rs, plan.delete);
      if (manageError) this.failures.set(key, manageError);
      else this.failures.delete(key);
    }
    // The status counts the pods the plan read (kube's calculateStatus over filteredPods), with this round's error.
    const status = manageError === input.manageError ? plan.status : replicaSetStatusUpdate(rs, plan.active, now, manageError);
    if (status) await this.writeStatus(rs, status);
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs);
    if (manageError) throw new Error(`${key}: ${manageError.message}`);
  }

  /** kube's updateReplicaSetStatus: PUT from the cached version; on a Conflict, once more from a fresh GET. */
  private async writeStatus(rs: ReplicaSet, status: ReplicaSet['status']): Promise<void> {
    const namespace = rs.metadata.namespace;
    try {
      await this.rsClient.updateStatus({ ...rs, status }, { namespace });
    } catch (err: unknown) {
      if (!(err instanceof Conflict)) throw err;
      const fresh = await this.rsClient.get(rs.metadata.name!, { namespace });
      if (fresh.metadata.uid !== rs.metadata.uid) return;
      await this.rsClient.updateStatus({ ...fresh, status: { ...status!, observedGeneration: Math.min(status!.observedGeneration ?? 0, fresh.metadata.generation ?? 1) } }, { namespace });
    }
  }

  private async setOwner(p: Pod, ownerReferences: unknown[]): Promise<void> {
    const patch = { metadata: { resourceVersion: p.metadata.resourceVersion, ownerReferences: ownerReferences.length ? ownerReferences : null } };
    try {
      await this.podClient.patch(p.metadata.name!, patch, 'merge', { namespace: p.metadata.namespace });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }

  /** kube's slowStartBatch: batches of 1, 2, 4, ...; a batch with a failure ends the round. */
  private async createPods(key: string, rs: ReplicaSet, count: number): Promise<ReplicaSetPlanInput['manageError']> {
    this.expectations.expect(key, count);
    let done = 0;
    for (let batch = 1; done < count; batch *= 2) {
      const size = Math.min(batch, count - done);
      const results = await Promise.allSettled(Array.from({ length: size }, () =>
        this.podClient.create(podFromTemplate(rs), { namespace: rs.metadata.namespace })));
      done += size;
      let failure: string | undefined;
      // Events are best effort and not waited for (kube's recorder is asynchronous too).
      for (const r of results) {
        if (r.status === 'fulfilled') void this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
        else {
          this.expectations.lower(key, 1);
          failure = describe(r.reason);
          void this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${failure}`);
        }
      }
      if (failure) {
        this.expectations.lower(key, count - done);
        return { reason: 'FailedCreate', message: failure };
      }
    }
    return undefined;
  }

  private async deletePods(key: string, rs: ReplicaSet, pods: Pod[]): Promise<ReplicaSetPlanInput['manageError']> {
    this.expectations.expect(key, 0, pods.map((p) => metaNamespaceKey(p)));
    let failure: string | undefined;
    await Promise.all(pods.map(async (p) => {
      try {
        await this.podClient.delete(p.metadata.name!, { namespace: p.metadata.namespace, preconditions: { uid: p.metadata.uid } });
        void this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (err: unknown) {
        this.expectations.deleted(key, metaNamespaceKey(p));
        if (err instanceof NotFound) return;
        failure = describe(err);
        void this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${failure}`);
      }
    }));
    return failure ? { reason: 'FailedDelete', message: failure } : undefined;
  }
}
