import t from 'tap';
import type { WatchEvent } from '../api/apiClient.js';
import type { KubeObject } from '../model/kube.js';
import { ApplyQueue } from './applyQueue.js';
import { ClusterStore } from './clusterStore.js';
import { Collection } from './collection.js';

const obj = (name: string, rv: string): KubeObject => Object.freeze({ metadata: Object.freeze({ name, namespace: 'default', resourceVersion: rv }) });
const added = (name: string, rv: string): WatchEvent => ({ type: 'ADDED', object: obj(name, rv) });

t.test('ApplyQueue: in order across collections, within a time budget, at least 16 per call', async (t) => {
  let clock = 0;
  const q = new ApplyQueue(() => clock);
  const pods = new Collection('pods', '/api/v1/pods');
  const svcs = new Collection('services', '/api/v1/services');
  const seen: string[] = [];
  pods.onEvent((e) => {
    seen.push(e ? `pod ${e.object.metadata.name}` : 'pods relist');
    clock += 1; // each change costs 1 ms
  });
  svcs.onEvent((e) => seen.push(e ? `svc ${e.object.metadata.name}` : 'svcs relist'));
  q.push({ collection: pods, list: { items: [obj('a', '1')], resourceVersion: '1' } });
  q.push({ collection: svcs, event: added('web', '2') });
  for (let i = 0; i < 40; i++) q.push({ collection: pods, event: added(`p${i}`, String(10 + i)) });
  t.equal(q.size, 42);
  t.equal(q.drain(5), 42 - 16, 'the budget is checked every 16 changes');
  t.same(seen.slice(0, 3), ['pods relist', 'svc web', 'pod p0'], 'in arrival order');
  t.equal(q.drain(1000), 0, 'the rest when the budget allows');
  t.equal(pods.items.size, 41);
  t.equal(pods.resourceVersion, '49');
  t.equal(q.drain(5), 0, 'an empty queue');
});

t.test('ClusterStore: a burst is applied over several frames, the views told after each', async (t) => {
  const frames: Array<() => void> = [];
  let clock = 0;
  const store = new ClusterStore({ schedule: (fn) => frames.push(fn), now: () => clock, frameBudgetMs: 8 });
  const pods = store.get('pods');
  pods.onEvent(() => (clock += 0.25));
  const calls: string[][] = [];
  store.subscribe((changed) => calls.push([...changed]));
  for (let i = 0; i < 100; i++) store.deliver({ collection: pods, event: added(`p${i}`, String(i + 1)) });
  store.deliver({ collection: pods, event: { type: 'BOOKMARK', object: obj('', '500') } });
  t.equal(frames.length, 1, 'one frame asked for');
  t.equal(pods.items.size, 0, 'nothing applied before it');
  frames.shift()!();
  t.equal(pods.items.size, 32, '8 ms of 0.25 ms changes (checked every 16)');
  t.same(calls, [['pods']]);
  t.equal(store.pending(), 69);
  let n = 1;
  while (frames.length) {
    frames.shift()!();
    n++;
  }
  t.equal(n, 4, 'four frames in all');
  t.equal(pods.items.size, 100);
  t.equal(pods.resourceVersion, '500', 'the bookmark applied last');
  t.equal(calls.length, 4);
});

t.test('ClusterStore: minIntervalMs spaces the notifications, frames keep applying', async (t) => {
  const frames: Array<() => void> = [];
  let clock = 1000;
  const store = new ClusterStore({ schedule: (fn) => frames.push(fn), now: () => clock, minIntervalMs: 100 });
  const pods = store.get('pods');
  const calls: number[] = [];
  store.subscribe(() => calls.push(clock));
  store.deliver({ collection: pods, event: added('a', '1') });
  frames.shift()!();
  t.same(calls, [1000], 'the first at once');
  for (let i = 0; i < 10; i++) {
    clock += 16;
    store.deliver({ collection: pods, event: added(`b${i}`, String(i + 2)) });
    frames.shift()!();
    t.equal(pods.items.size, i + 2, 'applied in its frame');
  }
  t.same(calls, [1000, 1112], 'the next no sooner than 100 ms later');
  clock += 200;
  frames.shift()!();
  t.same(calls, [1000, 1112, 1360], 'what changed since, told once the interval is past');
  t.equal(frames.length, 0, 'and no frame asked for when nothing is left');
});
