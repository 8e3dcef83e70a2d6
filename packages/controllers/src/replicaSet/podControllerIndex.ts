/**
 * The pod cache's index by controller: kube's `podControllerUID` indexer, so a ReplicaSet sync
 * reads the pods it controls and the orphans it may adopt instead of every pod of the namespace.
 *
 * Contract: `addPodControllerIndex(store)` adds the index once (a second controller sharing the
 * informer finds it there). A pod with a controller ownerReference is indexed under that uid; a
 * pod without one under its namespace's orphan key (kube indexes every orphan under one key and
 * filters by namespace; here the namespace is part of the key). `claimablePods(store, ns, uid)`
 * returns the pods of `ns` controlled by `uid` followed by the orphans of `ns`.
 * Upstream: pkg/controller/controller_utils.go (AddPodControllerUIDIndexer, PodControllerUIDIndex,
 *           OrphanPodIndexKey), pkg/controller/replicaset/replica_set.go (getRSPods)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Indexer } from '@miniplane/client';
import { podFacts } from './podFacts.js';

export const podControllerUIDIndex = 'podControllerUID';

/** The orphan key of a namespace; a uid is a server-made UUID, so it never reads like this. */
const orphanKey = (namespace: string) => `orphan/${namespace}`;

export function addPodControllerIndex(store: Indexer<Pod>): void {
  if (store.hasIndexer(podControllerUIDIndex)) return;
  store.addIndexers({ [podControllerUIDIndex]: (p) => [podFacts(p).controllerUid ?? orphanKey(p.metadata.namespace ?? '')] });
}

export function claimablePods(store: Indexer<Pod>, namespace: string, uid: string): Pod[] {
  const pods = store.byIndex(podControllerUIDIndex, uid).filter((p) => (p.metadata.namespace ?? '') === namespace);
  for (const p of store.byIndex(podControllerUIDIndex, orphanKey(namespace))) pods.push(p);
  return pods;
}
