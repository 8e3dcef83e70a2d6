/**
 * Scaling a Deployment whose template did not change (or that is paused): kube's `scale`. One
 * active (or the latest) ReplicaSet takes the new size; a saturated new ReplicaSet empties the
 * old ones; otherwise, in a RollingUpdate, the difference to replicas + maxSurge is spread over
 * the active ReplicaSets in proportion to their size as of their `max-replicas` annotation
 * (largest first: newer first when adding, older first when removing), the rounding leftover
 * going to the first. Pure (over planWork's state).
 * Upstream: pkg/controller/deployment/sync.go (scale, isScalingEvent),
 *           util/deployment_util.go (FindActiveOrLatest, IsSaturated, GetProportion,
 *           getReplicaSetFraction), controller/controller_utils.go (ReplicaSetsBySizeNewer/Older)
 */
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { maxSurge } from './deploymentTypes.js';
import { desiredReplicasAnnotation, intAnnotation, maxReplicasAnnotation } from './revisionAnnotations.js';
import { active, byCreation, newRSOf, oldRSsOf, replicasOf, scaleRS, type Work } from './planWork.js';

/** kube's isScalingEvent: an active ReplicaSet was last sized for another replica count. */
export function isScalingEvent(w: Work): boolean {
  const all = active([...(newRSOf(w) ? [newRSOf(w)!] : []), ...oldRSsOf(w)]);
  return all.some((rs) => {
    const desired = intAnnotation(rs, desiredReplicasAnnotation);
    return desired !== undefined && desired !== w.spec.replicas;
  });
}

function activeOrLatest(newRS: ReplicaSet | undefined, old: readonly ReplicaSet[]): ReplicaSet | undefined {
  const sortedOld = [...old].sort((a, b) => byCreation(b, a));
  const act = active([...(newRS ? [newRS] : []), ...sortedOld]);
  if (act.length === 0) return newRS ?? sortedOld[0];
  return act.length === 1 ? act[0] : undefined;
}

/** Rounds half away from zero, as Go's math.Round. */
const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function proportion(w: Work, rs: ReplicaSet, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (w.spec.replicas === 0) fraction = -replicasOf(rs);
  else {
    const target = w.spec.replicas + maxSurge(w.spec);
    const annotated = intAnnotation(rs, maxReplicasAnnotation) ?? w.d.status?.replicas ?? 0;
    fraction = annotated === 0 ? 0 : round((replicasOf(rs) * target) / annotated) - replicasOf(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export function scale(w: Work): void {
  const newRS = newRSOf(w);
  const old = oldRSsOf(w);
  const only = activeOrLatest(newRS, old);
  if (only) {
    if (replicasOf(only) !== w.spec.replicas) scaleRS(w, only, w.spec.replicas);
    return;
  }
  const saturated = newRS && replicasOf(newRS) === w.spec.replicas && intAnnotation(newRS, desiredReplicasAnnotation) === w.spec.replicas &&
    (newRS.status?.availableReplicas ?? 0) === w.spec.replicas;
  if (saturated) {
    for (const rs of active(old)) scaleRS(w, rs, 0);
    return;
  }
  if (!w.spec.rolling) return;
  const all = active([...(newRS ? [newRS] : []), ...old]);
  const current = all.reduce((n, rs) => n + replicasOf(rs), 0);
  const allowed = w.spec.replicas > 0 ? w.spec.replicas + maxSurge(w.spec) : 0;
  const toAdd = allowed - current;
  // Largest first; ties: newer first when adding, older first when removing.
  all.sort((a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(w, rs, toAdd, added) : 0;
    sizes.set(rs.metadata.name!, replicasOf(rs) + p);
    added += p;
  }
  if (all.length && toAdd !== added) {
    const first = all[0]!.metadata.name!;
    sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
  }
  for (const rs of all) scaleRS(w, rs, sizes.get(rs.metadata.name!)!, true);
}
