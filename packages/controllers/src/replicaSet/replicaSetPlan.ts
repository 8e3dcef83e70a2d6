/**
 * planReplicaSet: one sync of kube's ReplicaSet controller over cached state. Pure.
 *
 * Contract
 * - Pods of the namespace are claimed as kube's ControllerRefManager does: a pod controlled by
 *   this ReplicaSet (uid) stays if the selector still matches it, else it is released (its
 *   ownerReference removed); an orphan (no controller) that matches, is not terminating and the
 *   ReplicaSet is not being deleted is adopted; pods controlled by someone else are left alone.
 * - Active pods (not terminating, not Succeeded/Failed) of the set are compared with
 *   `spec.replicas` (default 1): too few → `create` (at most `burstReplicas`, 500), too many →
 *   `delete` the surplus in ActivePodsWithRanks order (podOrder.ts). Nothing is created or deleted
 *   while `expectationsSatisfied` is false (earlier writes not yet seen) or the set is being deleted.
 * - Status as calculateStatus: replicas, fullyLabeledReplicas (labels also match the template's),
 *   readyReplicas, availableReplicas (ready for minReadySeconds), observedGeneration, and the
 *   `ReplicaFailure` condition from `manageError` (kept while the error persists, removed after).
 *   `requeueAfterMs` when a ready pod becomes available later (minReadySeconds).
 * Upstream: pkg/controller/replicaset/replica_set.go (syncReplicaSet, manageReplicas),
 *           pkg/controller/replicaset/replica_set_utils.go (calculateStatus),
 *           pkg/controller/controller_ref_manager.go (ClaimPods)
 */
import { metaTime } from '@miniplane/api/metaTime';
import type { Pod } from '@miniplane/api/pod/types';
import { parsedSelector, podFacts, podMatches, type PodFacts } from './podFacts.js';
import { podsToDelete } from './podOrder.js';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from './replicaSetTypes.js';

export const burstReplicas = 500;

export interface ReplicaSetPlanInput {
  rs: ReplicaSet;
  /** The cached pods the set may claim: those it controls and its namespace's orphans (any other pod is ignored). */
  pods: readonly Pod[];
  now: number;
  expectationsSatisfied: boolean;
  /** The failure of the last create/delete round, for the ReplicaFailure condition. */
  manageError?: { reason: 'FailedCreate' | 'FailedDelete'; message: string };
}

export interface ReplicaSetPlan {
  adopt: Pod[];
  release: Pod[];
  create: number;
  delete: Pod[];
  /** The set's active pods (owned or adopted, matching, not terminating or finished). */
  active: Pod[];
  /** Undefined when the stored status is already right. */
  status?: ReplicaSetStatus;
  requeueAfterMs?: number;
}

export const controllerOf = (p: Pod) => p.metadata.ownerReferences?.find((o) => o.controller);
export const isActive = (p: Pod) => podFacts(p).active;

export function planReplicaSet(i: ReplicaSetPlanInput): ReplicaSetPlan {
  const { rs, now } = i;
  const uid = rs.metadata.uid;
  const selector = parsedSelector(rs.spec.selector);
  const matches = (p: Pod, f: PodFacts) => !selector.empty() && podMatches(p, f, selector);
  const deleting = !!rs.metadata.deletionTimestamp;
  const active: Pod[] = [];
  const plan: ReplicaSetPlan = { adopt: [], release: [], create: 0, delete: [], active };
  for (const p of i.pods) {
    const f = podFacts(p);
    if (f.controllerUid === uid) {
      if (deleting || matches(p, f)) {
        if (f.active) active.push(p);
      } else plan.release.push(p);
    } else if (f.controllerUid === undefined && !deleting && f.active && matches(p, f)) {
      plan.adopt.push(p);
      active.push(p);
    }
  }
  const want = rs.spec.replicas ?? 1;
  if (i.expectationsSatisfied && !deleting) {
    const diff = active.length - want;
    if (diff < 0) plan.create = Math.min(-diff, burstReplicas);
    else if (diff > 0) plan.delete = podsToDelete(active, Math.min(diff, burstReplicas), now);
  }
  plan.status = replicaSetStatusUpdate(rs, active, now, i.manageError);
  plan.requeueAfterMs = availabilityRequeue(rs, active, now);
  return plan;
}

/** calculateStatus over the set's active pods; undefined when the stored status is already that. */
export function replicaSetStatusUpdate(rs: ReplicaSet, active: readonly Pod[], now: number, err: ReplicaSetPlanInput['manageError']): ReplicaSetStatus | undefined {
  const status = calculateStatus(rs, active, now, err);
  return JSON.stringify(status) !== JSON.stringify(normalized(rs.status)) ? status : undefined;
}

/** When a pod that is Ready becomes available (ms): Ready since + minReadySeconds. */
function availableSince(p: Pod, minReadySeconds: number): number | undefined {
  const f = podFacts(p);
  return f.ready ? (f.readySinceMs ?? 0) + minReadySeconds * 1000 : undefined;
}

function calculateStatus(rs: ReplicaSet, active: readonly Pod[], now: number, err: ReplicaSetPlanInput['manageError']): ReplicaSetStatus {
  const templateLabels = parsedSelector({ matchLabels: rs.spec.template.metadata?.labels ?? {} });
  const minMs = (rs.spec.minReadySeconds ?? 0) * 1000;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of active) {
    const f = podFacts(p);
    if (podMatches(p, f, templateLabels)) fullyLabeled++;
    if (!f.ready) continue;
    ready++;
    if ((f.readySinceMs ?? 0) + minMs <= now) available++;
  }
  const status: ReplicaSetStatus = {
    replicas: active.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  const old = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const others = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const conditions: ReplicaSetCondition[] = [...others];
  if (err) {
    conditions.push(old?.reason === err.reason && old.message === err.message
      ? old
      : { type: 'ReplicaFailure', status: 'True', lastTransitionTime: metaTime(now), reason: err.reason, message: err.message });
  }
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** The stored status in calculateStatus's shape, so an unchanged status compares equal. */
function normalized(s: ReplicaSetStatus | undefined): ReplicaSetStatus {
  const out: ReplicaSetStatus = {
    replicas: s?.replicas ?? 0, fullyLabeledReplicas: s?.fullyLabeledReplicas ?? 0, readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0, observedGeneration: s?.observedGeneration ?? 0,
  };
  if (s?.conditions?.length) out.conditions = s.conditions;
  return out;
}

function availabilityRequeue(rs: ReplicaSet, active: readonly Pod[], now: number): number | undefined {
  const min = rs.spec.minReadySeconds ?? 0;
  if (min <= 0) return undefined;
  let next = Infinity;
  for (const p of active) {
    const t = availableSince(p, min);
    if (t !== undefined && t > now && t < next) next = t;
  }
  return next < Infinity ? next - now : undefined;
}

/** The pod a ReplicaSet creates: its template with generateName `<rs>-` and a controller ownerReference. */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const t = rs.spec.template;
  const meta: Pod['metadata'] = {
    generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
  };
  if (t.metadata?.labels) meta.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(t.spec) };
}
