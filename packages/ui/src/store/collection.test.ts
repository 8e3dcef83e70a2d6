import t from 'tap';
import type { WatchEvent } from '../api/apiClient.js';
import type { KubeObject } from '../model/kube.js';
import { ClusterStore, coreCollections } from './clusterStore.js';
import { Collection } from './collection.js';

function obj(name: string, rv: string, ns = 'default'): KubeObject {
  return Object.freeze({ metadata: Object.freeze({ name, namespace: ns, resourceVersion: rv }) });
}

const ev = (type: WatchEvent['type'], o: KubeObject): WatchEvent => ({ type, object: o });

t.test('Collection: list, then watch events, keyed ns/name', async (t) => {
  const c = new Collection('pods', '/api/v1/pods');
  const seen: Array<string | undefined> = [];
  c.onEvent((e) => seen.push(e?.type));
  c.replace([obj('a', '5'), obj('b', '6', 'prod')], '10');
  t.same([...c.items.keys()], ['default/a', 'prod/b']);
  t.equal(c.resourceVersion, '10', 'resumes from the list');
  const v = c.version;
  c.apply(ev('ADDED', obj('c', '11')));
  c.apply(ev('MODIFIED', obj('a', '12')));
  c.apply(ev('DELETED', obj('b', '13', 'prod')));
  t.same([...c.items.keys()], ['default/a', 'default/c']);
  t.equal(c.get('default/a')!.metadata.resourceVersion, '12');
  t.equal(c.resourceVersion, '13');
  t.equal(c.version, v + 3, 'one version per change');
  // A bookmark moves the resume point and changes nothing.
  c.apply(ev('BOOKMARK', { metadata: { name: '', resourceVersion: '20' } }));
  t.equal(c.resourceVersion, '20');
  t.equal(c.version, v + 3);
  t.same(seen, [undefined, 'ADDED', 'MODIFIED', 'DELETED'], 'listeners: a relist, then each change; no bookmark');
});

t.test('ClusterStore: the core collections, and one notification per frame with what changed', async (t) => {
  const frames: Array<() => void> = [];
  const store = new ClusterStore({ schedule: (fn) => frames.push(fn) });
  for (const [name, path] of Object.entries(coreCollections)) t.equal(store.get(name).path, path);
  t.equal(store.collection('events', '/api/v1/events'), store.collection('events', '/ignored'), 'registered once by name');

  const calls: string[][] = [];
  store.subscribe((changed) => calls.push([...changed].sort()));
  for (let i = 0; i < 100; i++) store.get('pods').apply(ev('ADDED', obj(`p${i}`, String(i))));
  store.get('services').apply(ev('ADDED', obj('web', '200')));
  t.equal(frames.length, 1, 'one frame asked for, whatever the number of events');
  t.same(calls, [], 'nothing before the frame');
  frames.shift()!();
  t.same(calls, [['pods', 'services']]);
  store.get('nodes').apply(ev('ADDED', obj('node-1', '201', '')));
  frames.shift()!();
  t.same(calls[1], ['nodes'], 'the next frame has only what changed since');
  t.same(store.status(), { state: 'connecting' }, 'nothing listed yet');
});
