import t from 'tap';
import type { WatchEvent } from '../api/apiClient.js';
import { ClusterStore } from './clusterStore.js';
import { panelCollections, timelineKinds, timelineOf } from './timelineFeed.js';

const ev = (type: WatchEvent['type'], o: object): WatchEvent => ({ type, object: o as WatchEvent['object'] });

t.test('the feed: one Timeline per store, rows from every watched collection and from Events', async (t) => {
  const store = new ClusterStore({ schedule: () => {} });
  let now = 1000;
  const tl = timelineOf(store, () => now);
  t.equal(timelineOf(store), tl, 'one per store');
  for (const [name, path] of Object.entries(panelCollections)) t.equal(store.get(name).path, path, `${name} registered`);
  for (const [name, kind] of Object.entries(timelineKinds)) {
    now++;
    store.get(name).apply(ev('ADDED', { metadata: { name: `x-${name}`, namespace: 'default', resourceVersion: String(now) } }));
    t.match(tl.rows().at(-1), { source: 'watch', type: 'ADDED', kind, name: `x-${name}`, resourceVersion: String(now), at: now }, name);
  }
  // An object's own kind wins (watch events carry it); a relist is no event; bookmarks are not rows.
  store.get('pods').apply(ev('MODIFIED', { kind: 'Pod', metadata: { name: 'p', namespace: 'default', resourceVersion: '50' } }));
  store.get('pods').replace([], '60');
  store.get('pods').apply(ev('BOOKMARK', { metadata: { name: '', resourceVersion: '70' } }));
  store.get('pods').apply(ev('DELETED', { metadata: { name: 'p', namespace: 'default', resourceVersion: '71' } }));
  t.same(tl.rows().slice(-2).map((r) => [r.type, r.name, r.resourceVersion]), [['MODIFIED', 'p', '50'], ['DELETED', 'p', '71']]);
  // Events: ADDED and MODIFIED (a count bump) are rows; an Event's DELETED (its expiry) is not.
  const event = { metadata: { name: 'p.1', namespace: 'default', resourceVersion: '80' }, reason: 'Scheduled', count: 1, involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' } };
  store.get('events').apply(ev('ADDED', event));
  store.get('events').apply(ev('MODIFIED', { ...event, count: 2, metadata: { ...event.metadata, resourceVersion: '81' } }));
  store.get('events').apply(ev('DELETED', event));
  t.same(tl.rows({ kind: 'Event' }).map((r) => (r.source === 'event' ? [r.reason, r.count, r.resourceVersion] : [])), [['Scheduled', 1, '80'], ['Scheduled', 2, '81']]);
});
