/**
 * Feeds the page's Timeline (model/timeline.ts) from the ClusterStore: every watch event of the
 * watched collections becomes a row, every Event object seen on the events watch an Event row.
 * Registers the collections the timeline and the panels need beyond the core ones (events,
 * deployments, replicasets).
 *
 * Contract: one Timeline per store (`timelineOf`), attached on first use and kept for the page's
 * life; rows are added synchronously as events arrive (cheap: a ring write), views re-read it
 * when their collections changed (at most once per frame, the store's signal). A relist adds no
 * rows (it is not an event). Clock injected.
 */
import { Timeline, type EventLike, type WatchType } from '../model/timeline.js';
import type { ClusterStore } from './clusterStore.js';

/** Collection name -> kind, for the watch rows (an object's own `kind` wins when present). */
export const timelineKinds: Readonly<Record<string, string>> = {
  services: 'Service',
  endpointslices: 'EndpointSlice',
  endpoints: 'Endpoints',
  pods: 'Pod',
  nodes: 'Node',
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
};

/** The collections the panels add to the core ones: name -> API path. */
export const panelCollections = {
  deployments: '/apis/apps/v1/deployments',
  replicasets: '/apis/apps/v1/replicasets',
  events: '/api/v1/events',
} as const;

const timelines = new WeakMap<ClusterStore, Timeline>();

/** Registers the panels' collections (idempotent; a running store starts their watches). */
export function ensurePanelCollections(store: ClusterStore): ClusterStore {
  for (const [name, path] of Object.entries(panelCollections)) store.collection(name, path);
  return store;
}

export function timelineOf(store: ClusterStore, now: () => number = Date.now): Timeline {
  let tl = timelines.get(store);
  if (tl) return tl;
  tl = new Timeline();
  timelines.set(store, tl);
  ensurePanelCollections(store);
  const timeline = tl;
  for (const [name, kind] of Object.entries(timelineKinds)) {
    store.get(name).onEvent((e) => {
      if (e && (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED')) timeline.addWatch(e.type as WatchType, e.object.kind ?? kind, e.object.metadata, now());
    });
  }
  store.get('events').onEvent((e) => {
    if (e && (e.type === 'ADDED' || e.type === 'MODIFIED')) timeline.addEvent(e.object as unknown as EventLike, now());
  });
  return tl;
}
