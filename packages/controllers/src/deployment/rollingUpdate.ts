/**
 * The two strategies' steps over planWork's state, as kube's rolling.go and recreate.go take
 * them (each sync does one step and returns; the next watch event brings the next):
 * - RollingUpdate: scale the new ReplicaSet up to at most replicas + maxSurge pods in all; else
 *   scale old ones down, first their unhealthy pods, then as far as replicas - maxUnavailable
 *   available pods allow (oldest ReplicaSet first).
 * - Recreate: scale every old ReplicaSet to 0, wait until none of their pods runs, then bring the
 *   new one to replicas.
 * Pure.
 * Upstream: pkg/controller/deployment/rolling.go, recreate.go,
 *           util/deployment_util.go (NewRSNewReplicas)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { maxUnavailable, resolveFenceposts } from './deploymentTypes.js';
import { active, allRSsOf, byCreation, newRSOf, oldRSsOf, replicasOf, scaleRS, type Work } from './planWork.js';

const sumReplicas = (rss: readonly ReplicaSet[]) => rss.reduce((n, rs) => n + replicasOf(rs), 0);
const available = (rs: ReplicaSet) => rs.status?.availableReplicas ?? 0;

/** kube's NewRSNewReplicas: the new ReplicaSet's next size. */
export function newRSNewReplicas(w: Work, newRS: ReplicaSet, others: readonly ReplicaSet[]): number {
  if (!w.spec.rolling) return w.spec.replicas;
  const cur = replicasOf(newRS);
  if (cur === w.spec.replicas) return cur;
  const maxTotal = w.spec.replicas + resolveFenceposts(w.spec).surge;
  const current = sumReplicas([...others, newRS]);
  if (current >= maxTotal) return cur;
  return cur + Math.min(maxTotal - current, w.spec.replicas - cur);
}

/** reconcileNewReplicaSet: true when the new ReplicaSet was resized. */
export function reconcileNewReplicaSet(w: Work): boolean {
  const newRS = newRSOf(w)!;
  const cur = replicasOf(newRS);
  if (cur === w.spec.replicas) return false;
  if (cur > w.spec.replicas) return scaleRS(w, newRS, w.spec.replicas);
  return scaleRS(w, newRS, newRSNewReplicas(w, newRS, oldRSsOf(w)));
}

/** reconcileOldReplicaSets: true when an old ReplicaSet was scaled down. */
export function reconcileOldReplicaSets(w: Work): boolean {
  if (sumReplicas(oldRSsOf(w)) === 0) return false;
  const newRS = newRSOf(w)!;
  const minAvailable = w.spec.replicas - maxUnavailable(w.spec);
  const newUnavailable = replicasOf(newRS) - available(newRS);
  const maxScaledDown = sumReplicas(allRSsOf(w)) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(w, maxScaledDown);
  const scaledDown = scaleDownOldForRollingUpdate(w, minAvailable);
  return cleaned + scaledDown > 0;
}

/** Old ReplicaSets (oldest first) lose their not-available pods first, up to `max` in all. */
function cleanupUnhealthyReplicas(w: Work, max: number): number {
  let total = 0;
  for (const rs of [...oldRSsOf(w)].sort(byCreation)) {
    if (total >= max) break;
    const n = replicasOf(rs);
    if (n === 0 || n === available(rs)) continue;
    const down = Math.min(max - total, n - available(rs));
    scaleRS(w, rs, n - down);
    total += down;
  }
  return total;
}

/** Then as many available pods as keep `minAvailable` available in all, oldest ReplicaSet first. */
function scaleDownOldForRollingUpdate(w: Work, minAvailable: number): number {
  const avail = allRSsOf(w).reduce((n, rs) => n + available(rs), 0);
  if (avail <= minAvailable) return 0;
  const want = avail - minAvailable;
  let total = 0;
  for (const rs of [...oldRSsOf(w)].sort(byCreation)) {
    if (total >= want) break;
    const n = replicasOf(rs);
    if (n === 0) continue;
    const down = Math.min(n, want - total);
    scaleRS(w, rs, n - down);
    total += down;
  }
  return total;
}

/** Recreate: every old ReplicaSet to 0; true if one was scaled. */
export function scaleDownOldForRecreate(w: Work): boolean {
  let scaled = false;
  for (const rs of active(oldRSsOf(w))) scaled = scaleRS(w, rs, 0) || scaled;
  return scaled;
}

/** kube's oldPodsRunning: an old ReplicaSet still counts pods, or one of its pods is not finished. */
export function oldPodsRunning(w: Work, pods: readonly Pod[]): boolean {
  const old = oldRSsOf(w);
  if (old.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  const oldUids = new Set(old.map((rs) => rs.metadata.uid));
  return pods.some((p) => {
    const ref = p.metadata.ownerReferences?.find((o) => o.controller);
    return !!ref && oldUids.has(ref.uid) && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
  });
}
