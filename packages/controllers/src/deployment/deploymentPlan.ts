/**
 * planDeployment: one sync of kube's Deployment controller over cached state. Pure.
 *
 * Contract
 * - ReplicaSets of the namespace are claimed as kube's ControllerRefManager does (controlled and
 *   matching: kept; controlled, not matching: released; matching orphans: adopted unless the
 *   Deployment is being deleted).
 * - The new ReplicaSet is the oldest owned one whose template equals the Deployment's apart from
 *   `pod-template-hash`; its revision becomes max(old revisions) + 1 (a rollback renumbers an old
 *   one, keeping the former number in `revision-history`), and the Deployment's revision follows.
 *   A missing one is created as `<name>-<hash>` (the hash over template + collisionCount; a name
 *   held by another template bumps `status.collisionCount` instead) with the template's labels,
 *   the selector + hash, a controller ownerReference, copied annotations and its first size.
 * - Then, as syncDeployment: being deleted → status only; paused → Progressing
 *   DeploymentPaused/DeploymentResumed (Unknown), scale + cleanup; a scaling event → scale; else
 *   one step of Recreate or RollingUpdate (rollingUpdate.ts), cleanup once complete, status.
 * - Writes come out as data (create, update, delete, adopt/release, revision, status, Events).
 * Upstream: pkg/controller/deployment/deployment_controller.go (syncDeployment),
 *           sync.go (getAllReplicaSetsAndSyncRevision, getNewReplicaSet, sync, syncStatusOnly),
 *           rolling.go (rolloutRolling), recreate.go (rolloutRecreate)
 */
import { labelSelectorFromObject, type LabelSet } from '@miniplane/api/labelSelector';
import type { Pod } from '@miniplane/api/pod/types';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { isScalingEvent, scale } from './deploymentScale.js';
import { calculateStatus, condition, deploymentComplete, getCondition, rolloutStatus, setCondition, TimedOutReason } from './deploymentStatus.js';
import { maxSurge, type Deployment, type DeploymentStatus } from './deploymentTypes.js';
import { byCreation, cleanup, newRSOf, newWork, oldRSsOf, allRSsOf, record, type DeploymentPlan, type Work } from './planWork.js';
import { computeHash, equalIgnoreHash, podTemplateHashLabel } from './podTemplateHash.js';
import { maxRevision, newReplicaSetAnnotations, revisionAnnotation } from './revisionAnnotations.js';
import { newRSNewReplicas, oldPodsRunning, reconcileNewReplicaSet, reconcileOldReplicaSets, scaleDownOldForRecreate } from './rollingUpdate.js';

export type { DeploymentPlan } from './planWork.js';

export interface DeploymentPlanInput {
  d: Deployment;
  /** Every cached ReplicaSet of the Deployment's namespace. */
  replicaSets: readonly ReplicaSet[];
  /** Every cached pod of the namespace (Recreate waits for old pods to finish). */
  pods: readonly Pod[];
  now: number;
}

const controllerOf = (o: ReplicaSet) => o.metadata.ownerReferences?.find((r) => r.controller);

function claim(d: Deployment, all: readonly ReplicaSet[], plan: DeploymentPlan): ReplicaSet[] {
  const selector = labelSelectorFromObject(d.spec.selector);
  const deleting = !!d.metadata.deletionTimestamp;
  const owned: ReplicaSet[] = [];
  for (const rs of all) {
    const ref = controllerOf(rs);
    const matches = !selector.empty() && selector.matches((rs.metadata.labels ?? {}) as LabelSet);
    if (ref?.uid === d.metadata.uid) {
      if (matches || deleting) owned.push(rs);
      else plan.release.push(rs);
    } else if (!ref && matches && !deleting && !rs.metadata.deletionTimestamp) {
      plan.adopt.push(rs);
      owned.push(rs);
    }
  }
  return owned;
}

/** The ReplicaSet created for the Deployment's current template (replicas set by the caller). */
export function newReplicaSetFor(d: Deployment, hash: string): ReplicaSet {
  const t = structuredClone(d.spec.template);
  t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), [podTemplateHashLabel]: hash } };
  const sel = d.spec.selector;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...t.metadata.labels },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, template: t,
      selector: { ...sel, matchLabels: { ...(sel.matchLabels ?? {}), [podTemplateHashLabel]: hash } },
    },
  };
}

/** kube's getAllReplicaSetsAndSyncRevision (+ getNewReplicaSet): sets w.newName / w.oldNames. */
function syncRevision(w: Work, createIfMissing: boolean): void {
  const owned = [...w.rs.values()].sort(byCreation);
  const found = owned.find((rs) => equalIgnoreHash(rs.spec.template, w.d.spec.template));
  w.oldNames = owned.filter((rs) => rs !== found).map((rs) => rs.metadata.name!);
  const newRevision = maxRevision(oldRSsOf(w)) + 1;
  const deadline = w.spec.progressDeadlineSeconds !== undefined;
  if (found) {
    w.newName = found.metadata.name;
    const annotations = newReplicaSetAnnotations(w.d, found, newRevision, true, 0, 0);
    const minReady = w.spec.minReadySeconds;
    if (annotations || (found.spec.minReadySeconds ?? 0) !== minReady) {
      record(w, { ...found, metadata: { ...found.metadata, annotations: annotations ?? found.metadata.annotations }, spec: { ...found.spec, minReadySeconds: minReady } });
    }
    setRevision(w, newRSOf(w)!.metadata.annotations?.[revisionAnnotation]);
    if (deadline && !getCondition(w.d.status, 'Progressing')) {
      setStatus(w, setCondition(w.d.status ?? {}, condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${found.metadata.name}"`, w.now)));
    }
    return;
  }
  if (!createIfMissing) return;
  const hash = computeHash(w.d.spec.template, w.d.status?.collisionCount);
  const rs = newReplicaSetFor(w.d, hash);
  if (w.rs.has(rs.metadata.name!) || w.plan.release.some((x) => x.metadata.name === rs.metadata.name)) {
    // The name is held by a ReplicaSet of another template: kube's hash collision.
    setStatus(w, { ...(w.d.status ?? {}), collisionCount: (w.d.status?.collisionCount ?? 0) + 1 });
    w.plan.requeueAfterMs = 0;
    return;
  }
  rs.metadata.annotations = newReplicaSetAnnotations(w.d, rs, newRevision, false, w.spec.replicas, w.spec.replicas + maxSurge(w.spec));
  rs.spec.replicas = newRSNewReplicas(w, rs, oldRSsOf(w));
  w.plan.create = rs;
  w.rs.set(rs.metadata.name!, rs);
  w.newName = rs.metadata.name;
  if (rs.spec.replicas > 0) {
    w.plan.events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} from 0 to ${rs.spec.replicas}` });
  }
  setRevision(w, String(newRevision));
  if (deadline) setStatus(w, setCondition(w.d.status ?? {}, condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rs.metadata.name}"`, w.now)));
}

function setRevision(w: Work, revision: string | undefined): void {
  if (revision === undefined || w.d.metadata.annotations?.[revisionAnnotation] === revision) return;
  w.plan.revision = revision;
  w.d = { ...w.d, metadata: { ...w.d.metadata, annotations: { ...(w.d.metadata.annotations ?? {}), [revisionAnnotation]: revision } } };
}

function setStatus(w: Work, status: DeploymentStatus): void {
  w.d = { ...w.d, status };
}

/** kube's checkPausedConditions. */
function pausedConditions(w: Work): void {
  if (w.spec.progressDeadlineSeconds === undefined) return;
  const cur = getCondition(w.d.status, 'Progressing');
  if (cur?.reason === TimedOutReason) return;
  const pausedShown = cur?.reason === 'DeploymentPaused';
  if (w.spec.paused && !pausedShown) setStatus(w, setCondition(w.d.status ?? {}, condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', w.now)));
  else if (!w.spec.paused && pausedShown) setStatus(w, setCondition(w.d.status ?? {}, condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', w.now)));
}

function finishWith(w: Work, original: DeploymentStatus | undefined, status: DeploymentStatus, requeueAfterMs?: number): DeploymentPlan {
  if (JSON.stringify(status) !== JSON.stringify(original ?? {})) w.plan.status = status;
  if (requeueAfterMs !== undefined) w.plan.requeueAfterMs = Math.min(w.plan.requeueAfterMs ?? Infinity, requeueAfterMs);
  return w.plan;
}

function finishRollout(w: Work, original: DeploymentStatus | undefined): DeploymentPlan {
  const { status, requeueAfterMs } = rolloutStatus(w.d, allRSsOf(w), newRSOf(w), w.now);
  return finishWith(w, original, status, requeueAfterMs);
}

export function planDeployment(i: DeploymentPlanInput): DeploymentPlan {
  const plan: DeploymentPlan = { adopt: [], release: [], update: [], delete: [], events: [] };
  const original = i.d.status;
  const d = i.d;
  if (labelSelectorFromObject(d.spec.selector).empty()) {
    plan.events.push({ type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' });
    const gen = d.metadata.generation ?? 1;
    if ((original?.observedGeneration ?? 0) < gen) plan.status = { ...(original ?? {}), observedGeneration: gen };
    return plan;
  }
  const w = newWork(d, claim(d, i.replicaSets, plan), i.now, plan);
  const cacheOld = () => oldRSsOf(w).map((rs) => i.replicaSets.find((x) => x.metadata.name === rs.metadata.name) ?? rs);
  if (d.metadata.deletionTimestamp) {
    syncRevision(w, false);
    return finishWith(w, original, calculateStatus(w.d, allRSsOf(w), newRSOf(w), w.now));
  }
  pausedConditions(w);
  syncRevision(w, false);
  if (w.spec.paused || isScalingEvent(w)) {
    scale(w);
    if (w.spec.paused) cleanup(w, cacheOld());
    return finishWith(w, original, calculateStatus(w.d, allRSsOf(w), newRSOf(w), w.now));
  }
  if (!w.spec.rolling) return recreate(w, original, i.pods, cacheOld);
  if (!w.newName) syncRevision(w, true);
  if (!w.newName) return finishRollout(w, original);
  if (reconcileNewReplicaSet(w)) return finishRollout(w, original);
  if (reconcileOldReplicaSets(w)) return finishRollout(w, original);
  if (deploymentComplete(w.d, original ?? {})) cleanup(w, cacheOld());
  return finishRollout(w, original);
}

function recreate(w: Work, original: DeploymentStatus | undefined, pods: readonly Pod[], cacheOld: () => ReplicaSet[]): DeploymentPlan {
  if (scaleDownOldForRecreate(w)) return finishRollout(w, original);
  if (oldPodsRunning(w, pods)) return finishRollout(w, original);
  if (!w.newName) syncRevision(w, true);
  const newRS = newRSOf(w);
  if (!newRS) return finishRollout(w, original);
  if ((newRS.spec.replicas ?? 1) !== w.spec.replicas) {
    reconcileNewReplicaSet(w);
    return finishRollout(w, original);
  }
  if (deploymentComplete(w.d, original ?? {})) cleanup(w, cacheOld());
  return finishRollout(w, original);
}
