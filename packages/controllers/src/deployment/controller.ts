/**
 * The Deployment controller (kube's `deployment-controller`): rolls each Deployment's pod
 * template out through ReplicaSets it owns.
 *
 * Contract
 * - Work-queue key: the Deployment (`ns/name`). A ReplicaSet change queues its controlling
 *   Deployment (an orphan: every Deployment of the namespace selecting it); a pod deletion queues
 *   the Deployment of the pod's ReplicaSet (Recreate waits for old pods to go). Five workers.
 * - One sync = planDeployment over the cache, then in order: adoptions/releases (merge patches
 *   of ownerReferences carrying the resourceVersion), the new ReplicaSet (POST; AlreadyExists with
 *   our template is taken as ours, with another one bumps `status.collisionCount`), ReplicaSet
 *   PUTs (from the cached resourceVersion: a Conflict retries the key), deletes beyond
 *   revisionHistoryLimit, the status (PUT /status), the `deployment.kubernetes.io/revision`
 *   annotation (merge patch), then the plan's Events (`ScalingReplicaSet` ...).
 * - A rollout waiting on its progress deadline is queued again when it passes.
 * Upstream: pkg/controller/deployment/deployment_controller.go
 */
import { AlreadyExists, NotFound, findResourceByKind } from '@miniplane/api';
import { labelSelectorFromObject, type LabelSet } from '@miniplane/api/labelSelector';
import type { Pod } from '@miniplane/api/pod/types';
import { metaNamespaceKey, namespaceIndex, type HandlerRegistration, type ResourceClient, type SharedInformer } from '@miniplane/client';
import type { EventRecorder } from '../eventRecorder.js';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { planDeployment, type DeploymentPlan } from './deploymentPlan.js';
import type { Deployment } from './deploymentTypes.js';
import { equalIgnoreHash } from './podTemplateHash.js';
import { revisionAnnotation } from './revisionAnnotations.js';

export const deploymentControllerName = 'deployment-controller';
const rsInfo = findResourceByKind('apps/v1', 'ReplicaSet')!;
const deployInfo = findResourceByKind('apps/v1', 'Deployment')!;

export interface DeploymentControllerOptions extends ControllerShellOptions {
  deployments: SharedInformer<Deployment>;
  replicaSets: SharedInformer<ReplicaSet>;
  pods: SharedInformer<Pod>;
  workers?: number;
}

const controllerOf = (o: { metadata: { ownerReferences?: { controller?: boolean; kind: string; name: string; uid: string }[] } }) =>
  o.metadata.ownerReferences?.find((r) => r.controller);

export class DeploymentController extends WorkQueueController {
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly deployClient: ResourceClient<Deployment>;
  private readonly recorder: EventRecorder;

  constructor(private readonly o: DeploymentControllerOptions) {
    super(o, { queueName: 'deployment', workers: o.workers ?? 5 });
    this.rsClient = o.client.resource<ReplicaSet>(rsInfo);
    this.deployClient = o.client.resource<Deployment>(deployInfo);
    this.recorder = this.eventRecorder(deploymentControllerName);
  }

  protected override handlers(): HandlerRegistration[] {
    const add = (d: Deployment) => this.queue.add(metaNamespaceKey(d));
    return [
      this.o.deployments.addEventHandler({ onAdd: add, onUpdate: (_, d) => add(d), onDelete: add }),
      this.o.replicaSets.addEventHandler({
        onAdd: (rs) => this.enqueueFor(rs),
        onUpdate: (old, rs) => {
          if (controllerOf(old)?.uid !== controllerOf(rs)?.uid) this.enqueueFor(old);
          this.enqueueFor(rs);
        },
        onDelete: (rs) => this.enqueueFor(rs),
      }),
      this.o.pods.addEventHandler({ onDelete: (p) => this.enqueueForPod(p) }),
    ];
  }

  protected override initialKeys(): string[] {
    return this.o.deployments.store.list().map((d) => metaNamespaceKey(d));
  }

  protected override stopped(): Promise<void> {
    return this.recorder.flush();
  }

  private enqueueFor(rs: ReplicaSet): void {
    const ns = rs.metadata.namespace ?? '';
    const ref = controllerOf(rs);
    if (ref) {
      if (ref.kind === 'Deployment') this.queue.add(`${ns}/${ref.name}`);
      return;
    }
    for (const d of this.o.deployments.store.byIndex(namespaceIndex, ns)) {
      const sel = labelSelectorFromObject(d.spec.selector);
      if (!sel.empty() && sel.matches((rs.metadata.labels ?? {}) as LabelSet)) this.queue.add(metaNamespaceKey(d));
    }
  }

  private enqueueForPod(p: Pod): void {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.o.replicaSets.store.get(`${p.metadata.namespace}/${ref.name}`);
    if (rs) this.enqueueFor(rs);
  }

  async sync(key: string): Promise<void> {
    const d = this.o.deployments.store.get(key);
    if (!d) return;
    const ns = d.metadata.namespace ?? '';
    // Only Recreate looks at pods (old ones must be gone): the namespace's pods are not listed otherwise.
    const recreate = d.spec.strategy?.type === 'Recreate';
    const plan = planDeployment({
      d, replicaSets: this.o.replicaSets.store.byIndex(namespaceIndex, ns), pods: recreate ? this.o.pods.store.byIndex(namespaceIndex, ns) : [], now: this.clock.now(),
    });
    await this.apply(d, plan);
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs);
  }

  private async apply(d: Deployment, plan: DeploymentPlan): Promise<void> {
    const namespace = d.metadata.namespace;
    const ownerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
    for (const rs of plan.adopt) await this.setOwners(rs, [...(rs.metadata.ownerReferences ?? []), ownerRef]);
    for (const rs of plan.release) await this.setOwners(rs, (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid));
    if (plan.create && !(await this.create(d, plan.create))) return;
    for (const rs of plan.update) await this.rsClient.update(rs, { namespace });
    for (const rs of plan.delete) {
      try {
        await this.rsClient.delete(rs.metadata.name!, { namespace, preconditions: { uid: rs.metadata.uid } });
      } catch (err: unknown) {
        if (!(err instanceof NotFound)) throw err;
      }
    }
    if (plan.status) await this.deployClient.updateStatus({ ...d, status: plan.status }, { namespace });
    if (plan.revision !== undefined) {
      await this.deployClient.patch(d.metadata.name!, { metadata: { annotations: { [revisionAnnotation]: plan.revision } } }, 'merge', { namespace });
    }
    for (const e of plan.events) void this.recorder.event(d, e.type, e.reason, e.message);
  }

  /** POSTs the new ReplicaSet; false when its name is taken by another template (collision counted). */
  private async create(d: Deployment, rs: ReplicaSet): Promise<boolean> {
    const namespace = d.metadata.namespace;
    try {
      await this.rsClient.create(rs, { namespace });
      return true;
    } catch (err: unknown) {
      if (!(err instanceof AlreadyExists)) {
        void this.recorder.event(d, 'Warning', 'ReplicaSetCreateError', `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
      const existing = await this.rsClient.get(rs.metadata.name!, { namespace });
      if (controllerOf(existing)?.uid === d.metadata.uid && equalIgnoreHash(existing.spec.template, d.spec.template)) return true;
      const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.deployClient.updateStatus({ ...d, status }, { namespace });
      throw new Error(`hash collision: replica set ${rs.metadata.name} exists with another template`);
    }
  }

  private async setOwners(rs: ReplicaSet, ownerReferences: unknown[]): Promise<void> {
    const patch = { metadata: { resourceVersion: rs.metadata.resourceVersion, ownerReferences: ownerReferences.length ? ownerReferences : null } };
    try {
      await this.rsClient.patch(rs.metadata.name!, patch, 'merge', { namespace: rs.metadata.namespace });
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
}
