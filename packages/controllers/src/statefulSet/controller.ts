/**
 * The StatefulSet controller (kube's `statefulset-controller`): runs `planStatefulSet` for each
 * StatefulSet and carries out its step.
 *
 * Contract
 * - Keys are `ns/name` of StatefulSets; a set's add/update, and any change of a pod it controls
 *   (controller ownerReference; on a change of controller, the old one too) queue it; a change of
 *   an orphan pod queues every set of its namespace whose selector matches it and whose name it
 *   bears (it may be adopted).
 * - Claims as kube's ControllerRefManager (controllerRefManager.ts): orphan ControllerRevisions
 *   matching the selector are adopted; pods matching the selector and named `<set>-<ordinal>` are
 *   adopted, owned ones no longer matching released (merge patches of ownerReferences guarded by
 *   resourceVersion; NotFound is done); before adopting, the set is read live and must still be
 *   the same uid and not being deleted (kube's canAdoptFunc).
 * - Before the pods: the set's ControllerRevisions (revisionPlan.ts): the update revision's is
 *   created (AlreadyExists is done) or, after `kubectl rollout undo` restored an older template,
 *   that revision renumbered above the highest; history beyond revisionHistoryLimit deleted.
 * - Writes: creates of the planned pods (names are fixed, so a create the cache has not shown
 *   yet fails AlreadyExists and is skipped), graceful deletes with the pod's uid as
 *   precondition (NotFound is done), then the status when it differs (Conflict: retried).
 * - Events as kube's: `SuccessfulCreate` "create Pod web-0 in StatefulSet web successful",
 *   `SuccessfulDelete` "delete Pod web-2 in StatefulSet web successful", `FailedCreate`.
 * Upstream: pkg/controller/statefulset/stateful_set.go, stateful_pod_control.go
 */
import { AlreadyExists, BadRequest, Conflict, NotFound, findResourceByKind } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import { metaNamespaceKey, namespaceIndex, type HandlerRegistration, type ResourceClient, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import { labelSelectorFromObject, type LabelSet } from '@miniplane/api/labelSelector';
import { adoptedRefs, ownerReferencesPatch, planClaims, releasedRefs } from '../controllerRefManager.js';
import { controllerOf } from '../replicaSet/replicaSetPlan.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { planRevisions, templateOf, type ControllerRevision } from './revisionPlan.js';
import { isMemberOf, planStatefulSet, updateRevisionOf } from './statefulSetPlan.js';
import type { StatefulSet } from './statefulSetTypes.js';

export const statefulSetControllerName = 'statefulset-controller';

export interface StatefulSetControllerOptions extends ControllerShellOptions {
  statefulSets: SharedInformer<StatefulSet>;
  pods: SharedInformer<Pod>;
  revisions: SharedInformer<ControllerRevision>;
  workers?: number;
}

export class StatefulSetController extends WorkQueueController {
  private readonly podClient: ResourceClient<Pod>;
  private readonly setClient: ResourceClient<StatefulSet>;
  private readonly revisionClient: ResourceClient<ControllerRevision>;
  private readonly recorder: EventRecorder;

  constructor(private readonly o: StatefulSetControllerOptions) {
    super(o, { queueName: 'statefulset', workers: o.workers ?? 2 });
    this.podClient = o.client.resource<Pod>(findResourceByKind('v1', 'Pod')!);
    this.setClient = o.client.resource<StatefulSet>(findResourceByKind('apps/v1', 'StatefulSet')!);
    this.revisionClient = o.client.resource<ControllerRevision>(findResourceByKind('apps/v1', 'ControllerRevision')!);
    this.recorder = this.eventRecorder(statefulSetControllerName);
  }

  protected override handlers(): HandlerRegistration[] {
    const queueSet = (s: StatefulSet) => this.queue.add(metaNamespaceKey(s));
    const queueOwner = (p: Pod) => {
      const ref = controllerOf(p);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${p.metadata.namespace}/${ref.name}`);
      else if (!ref) for (const s of this.matchingSets(p)) queueSet(s);
    };
    const onUpdate = (old: Pod, p: Pod) => {
      if (controllerOf(old)?.uid !== controllerOf(p)?.uid) queueOwner(old);
      queueOwner(p);
    };
    return [
      this.o.statefulSets.addEventHandler({ onAdd: queueSet, onUpdate: (_, s) => queueSet(s) }),
      this.o.pods.addEventHandler({ onAdd: queueOwner, onUpdate, onDelete: queueOwner }),
    ];
  }

  protected override initialKeys(): string[] {
    return this.o.statefulSets.store.list().map((s) => metaNamespaceKey(s));
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  /** The sets of the pod's namespace that could adopt it (kube's getPodStatefulSets). */
  private matchingSets(p: Pod): StatefulSet[] {
    return this.o.statefulSets.store.byIndex(namespaceIndex, p.metadata.namespace!).filter((s) => isMemberOf(s, p) && selects(s, p));
  }

  async sync(key: string): Promise<void> {
    const set = this.o.statefulSets.store.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const ns = set.metadata.namespace!;
    const claims = planClaims(set, this.o.pods.store.byIndex(namespaceIndex, ns), (p) => isMemberOf(set, p) && selects(set, p));
    if (claims.adopt.length) await this.canAdopt(set);
    for (const p of claims.adopt) await this.patchOwners(this.podClient, p, adoptedRefs(p, set));
    for (const p of claims.release) await this.patchOwners(this.podClient, p, releasedRefs(p, set));
    const pods = claims.owned;
    const current = await this.syncRevisions(set, pods);
    const plan = planStatefulSet(set, pods, this.clock.now(), templateOf(current));
    const name = set.metadata.name!;
    for (const pod of plan.create) {
      try {
        await this.podClient.create(pod, { namespace: ns });
        void this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
      } catch (err: unknown) {
        if (err instanceof AlreadyExists) continue;
        void this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${name} failed error: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    }
    for (const pod of plan.delete) {
      try {
        await this.podClient.delete(pod.metadata.name!, { namespace: ns, preconditions: { uid: pod.metadata.uid } });
        void this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
      } catch (err: unknown) {
        if (!(err instanceof NotFound)) throw err;
      }
    }
    await this.writeStatus(key, set, plan.status);
  }

  /** Returns the current revision (its template makes the pods below the partition). */
  private async syncRevisions(set: StatefulSet, pods: readonly Pod[]): Promise<ControllerRevision | undefined> {
    const ns = set.metadata.namespace!;
    const claims = planClaims(set, this.o.revisions.store.byIndex(namespaceIndex, ns), (r) => selects(set, r), true);
    if (claims.adopt.length) await this.canAdopt(set);
    for (const r of claims.adopt) await this.patchOwners(this.revisionClient, r, adoptedRefs(r, set));
    const update = updateRevisionOf(set);
    const plan = planRevisions(set, claims.owned, pods, update, set.status?.currentRevision || update);
    if (plan.bump) {
      const r = plan.bump.revision;
      await this.revisionClient.patch(r.metadata.name!, { metadata: { resourceVersion: r.metadata.resourceVersion }, revision: plan.bump.to }, 'merge', { namespace: ns });
    }
    if (plan.create) {
      await this.revisionClient.create(plan.create, { namespace: ns }).catch((err: unknown) => {
        if (!(err instanceof AlreadyExists)) throw err;
      });
    }
    for (const r of plan.delete) {
      await this.revisionClient.delete(r.metadata.name!, { namespace: ns }).catch((err: unknown) => {
        if (!(err instanceof NotFound)) throw err;
      });
    }
    const currentName = set.status?.currentRevision || update;
    return claims.owned.find((r) => r.metadata.name === currentName);
  }

  /**
   * kube's canAdoptFunc (RecheckDeletionTimestamp): before adopting, the set is read live; one
   * replaced under the same name or being deleted must not adopt on the cache's word.
   */
  private async canAdopt(set: StatefulSet): Promise<void> {
    const fresh = await this.setClient.get(set.metadata.name!, { namespace: set.metadata.namespace });
    if (fresh.metadata.uid !== set.metadata.uid) {
      throw new Error(`original StatefulSet ${set.metadata.namespace}/${set.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${set.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${set.metadata.namespace}/${set.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }

  private async patchOwners<T extends Pod | ControllerRevision>(client: ResourceClient<T>, o: T, refs: ReturnType<typeof adoptedRefs>): Promise<void> {
    try {
      await client.patch(o.metadata.name!, ownerReferencesPatch(o, refs), 'merge', { namespace: o.metadata.namespace });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }

  private async writeStatus(key: string, set: StatefulSet, status: StatefulSet['status'] & object): Promise<void> {
    const had = (set.status ?? {}) as Record<string, unknown>;
    if (Object.entries(status).every(([k, v]) => had[k] === v)) return;
    try {
      await this.setClient.updateStatus({ ...set, status });
    } catch (err: unknown) {
      if (err instanceof NotFound) return;
      if (err instanceof Conflict) this.queue.addRateLimited(key);
      else throw err;
    }
  }
}

/** The set's selector matches the object's labels (an empty selector matches nothing, as kube's). */
function selects(set: StatefulSet, o: { metadata: { labels?: Record<string, string> } }): boolean {
  try {
    const sel = labelSelectorFromObject(set.spec.selector);
    return !sel.empty() && sel.matches((o.metadata.labels ?? {}) as LabelSet);
  } catch (err: unknown) {
    if (err instanceof BadRequest) return false; // an invalid selector selects nothing
    throw err;
  }
}
