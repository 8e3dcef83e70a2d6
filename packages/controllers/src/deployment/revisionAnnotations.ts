/**
 * The annotations a Deployment and its ReplicaSets carry, as kube's deployment util keeps them:
 * `deployment.kubernetes.io/revision` (the RS's rollout number; the Deployment's is its new RS's),
 * `revision-history` (earlier numbers of an RS brought back by a rollback, comma separated, at
 * most 2000 characters), `desired-replicas` and `max-replicas` (the Deployment's replicas and
 * replicas + maxSurge when the RS was last scaled), and every other Deployment annotation (e.g.
 * `kubernetes.io/change-cause`, which `kubectl rollout history` prints) copied onto the new RS.
 * Functions return a new annotation map, or undefined when nothing changes. Pure.
 * Upstream: pkg/controller/deployment/util/deployment_util.go (SetNewReplicaSetAnnotations,
 *           copyDeploymentAnnotationsToReplicaSet, SetReplicasAnnotations, MaxRevision)
 */
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import type { Deployment } from './deploymentTypes.js';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
const maxRevisionHistoryChars = 2000;

/** Annotations that are the Deployment's own and never copied to a ReplicaSet. */
const skipped = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', revisionAnnotation, revisionHistoryAnnotation,
  desiredReplicasAnnotation, maxReplicasAnnotation, 'deprecated.deployment.rollback.to',
]);

type Annotations = Record<string, string>;

/** An RS's revision; 0 when missing or not a number. */
export function revisionOf(o: { metadata: { annotations?: Annotations } }): number {
  const v = o.metadata.annotations?.[revisionAnnotation];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

export const maxRevision = (rss: readonly ReplicaSet[]) => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

/** The new RS's annotations for `newRevision` (a rollback: the former number goes to history). */
export function newReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, replicas: number, maxReplicas: number): Annotations | undefined {
  const have: Annotations = rs.metadata.annotations ?? {};
  const out: Annotations = { ...have };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipped.has(k) || out[k] === v) continue;
    out[k] = v;
    changed = true;
  }
  const old = have[revisionAnnotation];
  const oldNumber = old !== undefined && /^\d+$/.test(old) ? Number(old) : 0;
  if (oldNumber < newRevision) {
    out[revisionAnnotation] = String(newRevision);
    changed = true;
    if (old) {
      const history = have[revisionHistoryAnnotation];
      const next = history ? `${history},${old}` : old;
      if (next.length <= maxRevisionHistoryChars) out[revisionHistoryAnnotation] = next;
    }
  }
  if (!exists) {
    out[desiredReplicasAnnotation] = String(replicas);
    out[maxReplicasAnnotation] = String(maxReplicas);
    changed = true;
  }
  return changed ? out : undefined;
}

/** kube's SetReplicasAnnotations: desired and max replicas as of this scaling. */
export function replicasAnnotations(rs: ReplicaSet, desired: number, max: number): Annotations | undefined {
  const have = rs.metadata.annotations ?? {};
  if (have[desiredReplicasAnnotation] === String(desired) && have[maxReplicasAnnotation] === String(max)) return undefined;
  return { ...have, [desiredReplicasAnnotation]: String(desired), [maxReplicasAnnotation]: String(max) };
}

/** An annotation read as an integer (undefined when missing or malformed). */
export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}
