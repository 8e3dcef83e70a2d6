/**
 * Keeps one PodIndex (model/podIndex.ts: pods grouped by node, sorted) per ClusterStore in step
 * with its `pods` collection, event by event, for the Nodes view.
 *
 * Contract: `podIndexOf(store)` makes the index on first use (from the pods held then) and keeps it
 * for the page's life: each ADDED/MODIFIED/DELETED is applied as the collection applies it, a relist
 * resets it.
 */
import type { Pod } from '../model/kube.js';
import { PodIndex } from '../model/podIndex.js';
import type { ClusterStore } from './clusterStore.js';

const indexes = new WeakMap<ClusterStore, PodIndex>();

export function podIndexOf(store: ClusterStore): PodIndex {
  const have = indexes.get(store);
  if (have) return have;
  const pods = store.get<Pod>('pods');
  const index = new PodIndex();
  indexes.set(store, index);
  index.reset(pods.values());
  pods.onEvent((e) => {
    if (!e) index.reset(pods.values());
    else if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') index.apply(e.type, e.object as Pod);
  });
  return index;
}
