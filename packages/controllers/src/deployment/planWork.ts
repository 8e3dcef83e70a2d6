/**
 * The working state of one Deployment sync (deploymentPlan.ts): the Deployment as this sync sees
 * it, its ReplicaSets by name as they will be after this sync's writes, and the writes and
 * Events gathered so far. Only the planner modules touch it; the shell gets the resulting Plan.
 * Pure (no I/O, inputs never mutated: changed ReplicaSets are copies).
 * Upstream: pkg/controller/deployment/sync.go (scaleReplicaSet, cleanupDeployment)
 */
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { maxSurge, specOf, type Deployment, type DeploymentStatus, type ResolvedSpec } from './deploymentTypes.js';
import { replicasAnnotations, revisionOf } from './revisionAnnotations.js';

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface DeploymentPlan {
  /** Orphans the Deployment adopts (controller ownerReference added). */
  adopt: ReplicaSet[];
  /** Owned ReplicaSets whose labels no longer match (ownerReference removed). */
  release: ReplicaSet[];
  /** The new ReplicaSet to create (`<deployment>-<pod-template-hash>`). */
  create?: ReplicaSet;
  /** ReplicaSets to PUT (replicas, annotations, minReadySeconds), as they should be. */
  update: ReplicaSet[];
  /** Old ReplicaSets beyond revisionHistoryLimit, scaled to 0 and settled. */
  delete: ReplicaSet[];
  /** Events on the Deployment, in order. */
  events: PlanEvent[];
  /** The Deployment's new `deployment.kubernetes.io/revision`, when it changes. */
  revision?: string;
  /** Undefined when the stored status is already right. */
  status?: DeploymentStatus;
  requeueAfterMs?: number;
}

export interface Work {
  d: Deployment;
  spec: ResolvedSpec;
  now: number;
  rs: Map<string, ReplicaSet>;
  newName?: string;
  oldNames: string[];
  plan: DeploymentPlan;
}

export const replicasOf = (rs: ReplicaSet) => rs.spec.replicas ?? 1;
export const newRSOf = (w: Work) => (w.newName ? w.rs.get(w.newName) : undefined);
export const oldRSsOf = (w: Work) => w.oldNames.map((n) => w.rs.get(n)!);
export const allRSsOf = (w: Work) => [...oldRSsOf(w), ...(w.newName ? [newRSOf(w)!] : [])];
export const active = (rss: readonly ReplicaSet[]) => rss.filter((rs) => replicasOf(rs) > 0);
export const byCreation = (a: ReplicaSet, b: ReplicaSet) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!);

/** Records `rs` (a copy) as this sync leaves it: into the create when it is the new one, else an update. */
export function record(w: Work, rs: ReplicaSet): void {
  w.rs.set(rs.metadata.name!, rs);
  if (w.plan.create?.metadata.name === rs.metadata.name) {
    w.plan.create = rs;
    return;
  }
  w.plan.update = [...w.plan.update.filter((x) => x.metadata.name !== rs.metadata.name), rs];
}

/**
 * kube's scaleReplicaSetAndRecordEvent: the size and the replicas annotations; nothing when the
 * size is already right (`annotateSameSize`: kube's scaleReplicaSet, which proportional scaling
 * calls, still refreshes the annotations). True if the size changed.
 */
export function scaleRS(w: Work, rs: ReplicaSet, to: number, annotateSameSize = false): boolean {
  const from = replicasOf(rs);
  if (from === to && !annotateSameSize) return false;
  const annotations = replicasAnnotations(rs, w.spec.replicas, w.spec.replicas + maxSurge(w.spec));
  if (from === to && !annotations) return false;
  record(w, { ...rs, metadata: { ...rs.metadata, annotations: annotations ?? rs.metadata.annotations }, spec: { ...rs.spec, replicas: to } });
  if (from === to) return false;
  w.plan.events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${from < to ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}` });
  return true;
}

/**
 * kube's cleanupDeployment: of the old ReplicaSets not being deleted, the oldest revisions beyond
 * revisionHistoryLimit go, each only once it has no replicas (spec and status) and its
 * controller has observed its last change.
 */
export function cleanup(w: Work, old: readonly ReplicaSet[]): void {
  const alive = old.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - w.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of sorted.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
    w.plan.delete.push(rs);
  }
}

export function newWork(d: Deployment, owned: readonly ReplicaSet[], now: number, plan: DeploymentPlan): Work {
  return { d, spec: specOf(d), now, rs: new Map(owned.map((rs) => [rs.metadata.name!, rs])), oldNames: [], plan };
}
