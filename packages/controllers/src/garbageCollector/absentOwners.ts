/**
 * kube's absentOwnerCache: the owners known to be gone, by the namespace they were looked for in
 * ("" for a cluster-scoped owner) and uid, so that the dependents of a deleted owner (a
 * ReplicaSet's hundreds of pods) do not each GET it again. The namespace is part of the key: an
 * owner absent from one namespace may live in its own (a cross-namespace reference must not make
 * it absent for its real dependents). A uid is never reused, so an entry never goes stale; the
 * cache keeps the most recently used `size` (kube: 500).
 * Upstream: pkg/controller/garbagecollector/uid_cache.go (ReferenceCache),
 *           graph_builder.go (processGraphChanges: a deleted node with dependents is absent)
 */
export class AbsentOwners {
  private readonly uids = new Map<string, true>();

  constructor(private readonly size = 500) {}

  add(namespace: string, uid: string): void {
    const key = `${namespace}|${uid}`;
    this.uids.delete(key);
    this.uids.set(key, true);
    if (this.uids.size > this.size) this.uids.delete(this.uids.keys().next().value!);
  }

  has(namespace: string, uid: string): boolean {
    if (!this.uids.has(`${namespace}|${uid}`)) return false;
    this.add(namespace, uid); // most recently used
    return true;
  }
}
