/**
 * The pod cache's index by controller: kube's `podControllerUID` indexer, so a ReplicaSet sync
 * reads the pods it controls and the orphans it may adopt instead of every pod of the namespace.
 *
 * Contract: `addPodControllerIndex(store)` adds the index once (a second controller sharing the
 * informer finds it there). A pod with a controller ownerReference is indexed under its namespace
 * and that uid, a pod without one under its namespace's orphan key (kube indexes by the bare uid
 * and one orphan key, and filters by namespace; here the namespace is part of the key).
 * `claimablePods(store, ns, uid)` returns the pods of `ns` controlled by `uid` followed by the
 * orphans of `ns`. The plan still checks each pod's controller, so a crafted key reads nothing wrong.
 * Upstream: pkg/controller/controller_utils.go (AddPodControllerUIDIndexer, PodControllerUIDIndex,
 *           OrphanPodIndexKey), pkg/controller/replicaset/replica_set.go (getRSPods)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Indexer } from '@miniplane/client';
import { podFacts } from './podFacts.js';

export const podControllerUIDIndex = 'podControllerUID';

/** The orphan key of a namespace. */
const orphanKey = (namespace: string) => `orphan//${namespace}`;

/** A controlled pod's key: its namespace and the controller's uid (so no other namespace's pod is read). */
const ownedKey = (namespace: string, uid: string) => `${namespace}/${uid}`;

export function addPodControllerIndex(store: Indexer<Pod>): void {
  if (store.hasIndexer(podControllerUIDIndex)) return;
  store.addIndexers({
    [podControllerUIDIndex]: (p) => {
      const ns = p.metadata.namespace ?? '';
      const uid = podFacts(p).controllerUid;
      return [uid === undefined ? orphanKey(ns) : ownedKey(ns, uid)];
    },
  });
}

export function claimablePods(store: Indexer<Pod>, namespace: string, uid: string): Pod[] {
  const pods = store.byIndex(podControllerUIDIndex, ownedKey(namespace, uid));
  for (const p of store.byIndex(podControllerUIDIndex, orphanKey(namespace))) pods.push(p);
  return pods;
}
