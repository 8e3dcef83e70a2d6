/**
 * kube's ControllerRefManager as a pure plan: which objects a controller owns, adopts and
 * releases, given whether each matches it (its selector, and any extra filter).
 *
 * Contract (kube's ClaimObject, object by object):
 * - controlled by another owner (a controller ownerReference with another uid): left alone;
 * - controlled by this owner: kept if it matches; else released (its reference removed), unless
 *   the owner is being deleted (then neither kept nor released);
 * - an orphan (no controller reference): adopted if it matches, neither it nor the owner is
 *   being deleted, and it lives in the owner's namespace; else left alone.
 * `adoptOnly` (kube's adoptOrphanRevisions) never releases. Inputs are never modified.
 * Upstream: pkg/controller/controller_ref_manager.go (BaseControllerRefManager.ClaimObject,
 *           ownerRefControllerPatch, GenerateDeleteOwnerRefStrategicMergeBytes)
 */
import type { KubeObject, OwnerReference } from '@miniplane/api';

export interface ClaimPlan<T> {
  /** Owned after the plan: kept and adopted. */
  owned: T[];
  adopt: T[];
  release: T[];
}

export const controllerRefOf = (o: KubeObject): OwnerReference | undefined => o.metadata.ownerReferences?.find((r) => r.controller);

export function planClaims<T extends KubeObject>(owner: KubeObject, objects: readonly T[], matches: (o: T) => boolean, adoptOnly = false): ClaimPlan<T> {
  const plan: ClaimPlan<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const o of objects) {
    const ref = controllerRefOf(o);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches(o)) plan.owned.push(o);
      else if (!ownerDeleting && !adoptOnly) plan.release.push(o);
      continue;
    }
    if (ownerDeleting || o.metadata.deletionTimestamp || !matches(o)) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== o.metadata.namespace) continue;
    plan.adopt.push(o);
    plan.owned.push(o);
  }
  return plan;
}

/** The controller ownerReference a workload controller sets on what it creates or adopts. */
export function controllerRefTo(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * The merge patch that sets an object's ownerReferences, guarded by the resourceVersion it was
 * planned from (a 409 sends the key back to the queue, which sees the fresh object).
 */
export function ownerReferencesPatch(o: KubeObject, refs: readonly OwnerReference[]): { metadata: Record<string, unknown> } {
  return { metadata: { resourceVersion: o.metadata.resourceVersion, ownerReferences: refs.length ? refs : null } };
}

/** Adopting adds the controller reference; releasing removes every reference to the owner. */
export const adoptedRefs = (o: KubeObject, owner: KubeObject): OwnerReference[] => [...(o.metadata.ownerReferences ?? []), controllerRefTo(owner)];
export const releasedRefs = (o: KubeObject, owner: KubeObject): OwnerReference[] => (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
