/**
 * Preact hooks binding views to the ClusterStore: a view names the collections it reads and
 * re-renders (once per frame at most) when one of them changed.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { ClusterStore } from './clusterStore.js';

export const StoreContext = createContext<ClusterStore | undefined>(undefined);

export function useStore(): ClusterStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('no ClusterStore provided');
  return store;
}

/** Re-renders the calling view when any of `names` changed ("$status": the connection state). */
export function useCollections(...names: string[]): ClusterStore {
  const store = useStore();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const key = names.join(',');
  useEffect(() => store.subscribe((changed) => names.some((n) => changed.has(n)) && bump(undefined)), [store, key]);
  return store;
}
