/**
 * A Deployment's status and conditions as kube's deployment controller computes them. Pure.
 *
 * - calculateStatus: replicas / updatedReplicas / readyReplicas / availableReplicas summed from
 *   the ReplicaSets' status, unavailableReplicas = sum of spec.replicas - available (not below 0),
 *   observedGeneration, collisionCount kept, and the Available condition
 *   (MinimumReplicasAvailable "Deployment has minimum availability." when available >= replicas -
 *   maxUnavailable, else MinimumReplicasUnavailable).
 * - rolloutStatus (syncRolloutStatus): the Progressing condition: NewReplicaSetAvailable
 *   "ReplicaSet \"x\" has successfully progressed." once complete, ReplicaSetUpdated "... is
 *   progressing." while counts move (the transition time kept), ProgressDeadlineExceeded "... has
 *   timed out progressing." (False) when nothing moved for progressDeadlineSeconds; no deadline
 *   removes the condition. `requeueAfterMs` says when a deadline is to be checked again.
 * - setCondition: same status and reason changes nothing; same status keeps lastTransitionTime.
 * Upstream: pkg/controller/deployment/sync.go (calculateStatus), progress.go (syncRolloutStatus,
 *           requeueStuckDeployment), util/deployment_util.go (DeploymentComplete,
 *           DeploymentProgressing, DeploymentTimedOut, SetDeploymentCondition)
 */
import { metaTime } from '@miniplane/api/metaTime';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { maxUnavailable, specOf, type Deployment, type DeploymentCondition, type DeploymentStatus } from './deploymentTypes.js';

export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number | undefined) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) ?? 0 : 0), 0);

export function condition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const t = metaTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export const getCondition = (s: DeploymentStatus | undefined, type: string) => s?.conditions?.find((c) => c.type === type);

/** kube's SetDeploymentCondition on a copy of the status. */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): DeploymentStatus {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return s;
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return { ...s, conditions: [...(s.conditions ?? []).filter((x) => x.type !== c.type), next] };
}

export function removeCondition(s: DeploymentStatus, type: string): DeploymentStatus {
  if (!getCondition(s, type)) return s;
  const conditions = (s.conditions ?? []).filter((x) => x.type !== type);
  const out: DeploymentStatus = { ...s, conditions };
  if (!conditions.length) delete out.conditions;
  return out;
}

export function calculateStatus(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  const total = sum(all, (rs) => rs.spec.replicas ?? 1);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: sum([newRS], (rs) => rs.status?.replicas),
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  // kube's status fields are omitempty: a zero count is left out.
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (!status[k]) delete status[k];
  if (d.status?.conditions?.length) status.conditions = d.status.conditions;
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const spec = specOf(d);
  status = available >= spec.replicas - maxUnavailable(spec)
    ? setCondition(status, condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now))
    : setCondition(status, condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  return status;
}

/** kube's DeploymentComplete. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = specOf(d).replicas;
  return s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** kube's DeploymentTimedOut over the condition in `s`. */
export function timedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const deadline = specOf(d).progressDeadlineSeconds;
  const c = getCondition(s, 'Progressing');
  if (deadline === undefined || !c || c.reason === NewRSAvailableReason) return false;
  if (c.reason === TimedOutReason) return true;
  return Date.parse(c.lastUpdateTime ?? '') + deadline * 1000 < now;
}

export function rolloutStatus(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: number): { status: DeploymentStatus; requeueAfterMs?: number } {
  let s = calculateStatus(d, all, newRS, now);
  const deadline = specOf(d).progressDeadlineSeconds;
  if (deadline === undefined) s = removeCondition(s, 'Progressing');
  const cur = getCondition(s, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && cur?.reason === NewRSAvailableReason;
  if (deadline !== undefined && !complete) {
    const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, s)) {
      s = setCondition(s, condition('Progressing', 'True', NewRSAvailableReason, `${what} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      const c = condition('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`, now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      s = setCondition(removeCondition(s, 'Progressing'), c);
    } else if (timedOut(d, s, now)) {
      s = setCondition(s, condition('Progressing', 'False', TimedOutReason, `${what} has timed out progressing.`, now));
    }
  }
  s = replicaFailure(s, all);
  return { status: s, requeueAfterMs: stuckRequeue(d, s, now) };
}

/** The first ReplicaSet ReplicaFailure condition shows on the Deployment, and goes with it. */
function replicaFailure(s: DeploymentStatus, all: readonly ReplicaSet[]): DeploymentStatus {
  const failure = all.flatMap((rs) => rs.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (!failure) return removeCondition(s, 'ReplicaFailure');
  const t = failure.lastTransitionTime;
  return setCondition(s, { type: 'ReplicaFailure', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: failure.reason, message: failure.message });
}

/** kube's requeueStuckDeployment: when the deadline of a progressing rollout passes. */
function stuckRequeue(d: Deployment, s: DeploymentStatus, now: number): number | undefined {
  const deadline = specOf(d).progressDeadlineSeconds;
  const c = getCondition(s, 'Progressing');
  if (deadline === undefined || !c || c.reason === NewRSAvailableReason || timedOut(d, s, now)) return undefined;
  const after = Date.parse(c.lastUpdateTime ?? '') + deadline * 1000 - now;
  return after < 1000 ? 0 : after + 1000;
}
