/**
 * The garbage collector's view of who owns whom: every watched object by uid (where it lives,
 * whether it is being deleted and with which GC finalizer) and, per owner uid, the dependents
 * naming it in an ownerReference. Fed by informer events; no I/O.
 *
 * Contract: `observe(obj)` after an add or update, `forget(obj)` after a delete; an owner need
 * not be known (a dependent may name a uid no informer has shown: kube's "virtual" node).
 * Upstream: pkg/controller/garbagecollector/graph.go, graph_builder.go
 */
import type { KubeObject, OwnerReference } from '@miniplane/api';

export type OwnerRef = OwnerReference;

export interface GraphNode {
  /** `apiVersion/Kind`, e.g. `apps/v1/ReplicaSet`. */
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  deleting: boolean;
  finalizers: readonly string[];
  owners: readonly OwnerRef[];
}

/** The work-queue key of a node: `apiVersion/Kind|namespace/name`. */
export const nodeKey = (n: Pick<GraphNode, 'kind' | 'namespace' | 'name'>) => `${n.kind}|${n.namespace}/${n.name}`;

export function nodeOf(kind: string, obj: KubeObject): GraphNode {
  const m = obj.metadata;
  return {
    kind, namespace: m.namespace ?? '', name: m.name!, uid: m.uid!, deleting: !!m.deletionTimestamp,
    finalizers: m.finalizers ?? [], owners: m.ownerReferences ?? [],
  };
}

export class OwnerGraph {
  private readonly byUid = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly byKey = new Map<string, GraphNode>();

  observe(n: GraphNode): void {
    const old = this.byUid.get(n.uid);
    if (old) this.unlink(old);
    this.byUid.set(n.uid, n);
    this.byKey.set(nodeKey(n), n);
    for (const o of n.owners) {
      let s = this.dependents.get(o.uid);
      if (!s) this.dependents.set(o.uid, (s = new Set()));
      s.add(n.uid);
    }
  }

  forget(uid: string): void {
    const n = this.byUid.get(uid);
    if (!n) return;
    this.unlink(n);
    this.byUid.delete(uid);
    if (this.byKey.get(nodeKey(n))?.uid === uid) this.byKey.delete(nodeKey(n));
  }

  private unlink(n: GraphNode): void {
    for (const o of n.owners) {
      const s = this.dependents.get(o.uid);
      s?.delete(n.uid);
      if (s && !s.size) this.dependents.delete(o.uid);
    }
  }

  /** Every node, in no particular order. */
  nodes(): IterableIterator<GraphNode> {
    return this.byUid.values();
  }

  get(uid: string): GraphNode | undefined {
    return this.byUid.get(uid);
  }

  byNodeKey(key: string): GraphNode | undefined {
    return this.byKey.get(key);
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((u) => this.byUid.get(u)).filter((n): n is GraphNode => !!n);
  }
}
