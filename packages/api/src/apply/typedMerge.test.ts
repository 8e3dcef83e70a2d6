import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { applySchemaFor } from './applySchema.js';
import { fieldElement as f, keyElement } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';
import { merge, removeItems } from './typedMerge.js';

const service = applySchemaFor('Service');
const ports = (...ns: number[]) => ns.map((port) => ({ port }));
const portKey = (port: number) => keyElement([['port', port], ['protocol', 'TCP']]);

t.test('merge: the configuration wins at leaves, maps and keyed lists merge', async (t) => {
  const cases: Array<{ name: string; live: unknown; config: unknown; want: unknown }> = [
    { name: 'scalars', live: { spec: { type: 'A', x: 1 } }, config: { spec: { type: 'B' } }, want: { spec: { type: 'B', x: 1 } } },
    { name: 'atomic map replaced', live: { spec: { selector: { a: '1', b: '2' } } }, config: { spec: { selector: { c: '3' } } }, want: { spec: { selector: { c: '3' } } } },
    { name: 'granular map merged', live: { metadata: { labels: { a: '1' } } }, config: { metadata: { labels: { b: '2' } } }, want: { metadata: { labels: { a: '1', b: '2' } } } },
    { name: 'atomic list replaced', live: { spec: { clusterIPs: ['1', '2'] } }, config: { spec: { clusterIPs: ['3'] } }, want: { spec: { clusterIPs: ['3'] } } },
    {
      name: 'list-map items merged by key',
      live: { spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } },
      config: { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      want: { spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] } },
    },
    // edge: a null leaf removes the field (kube's typed round trip drops it)
    { name: 'null leaf', live: { spec: { type: 'A', x: 1 } }, config: { spec: { x: null } }, want: { spec: { type: 'A' } } },
    { name: 'set union', live: { metadata: { finalizers: ['a'] } }, config: { metadata: { finalizers: ['b', 'a'] } }, want: { metadata: { finalizers: ['b', 'a'] } } },
  ];
  for (const c of cases) t.same(merge(deepFreeze(c.live), deepFreeze(c.config), service), c.want, c.name);
});

t.test('merge: list order', async (t) => {
  const cases = [
    { name: 'new items follow the configuration', live: [1, 2], config: [1, 3, 2], want: [1, 3, 2] },
    // edge: shared items come out in configuration order, live-only items keep their places
    { name: 'reordered', live: [1, 9, 2], config: [2, 1], want: [9, 2, 1] },
    { name: 'live-only items stay', live: [1, 2, 3], config: [2], want: [1, 2, 3] },
    { name: 'into an empty list', live: [], config: [5, 4], want: [5, 4] },
  ];
  for (const c of cases) {
    const got = merge({ spec: { ports: ports(...c.live) } }, { spec: { ports: ports(...c.config) } }, service) as { spec: { ports: Array<{ port: number }> } };
    t.same(got.spec.ports.map((p) => p.port), c.want, c.name);
  }
});

t.test('removeItems', async (t) => {
  const live = deepFreeze({ metadata: { labels: { a: '1', b: '2' } }, spec: { ports: ports(80, 443), type: 'ClusterIP' } });
  const cases = [
    { name: 'a map entry', set: FieldSet.of([f('metadata'), f('labels'), f('a')]), want: { metadata: { labels: { b: '2' } }, spec: live.spec } },
    { name: 'a list item', set: FieldSet.of([f('spec'), f('ports'), portKey(443)]), want: { metadata: live.metadata, spec: { ports: ports(80), type: 'ClusterIP' } } },
    // edge: a map emptied by the removal goes too
    { name: 'emptied map dropped', set: FieldSet.of([f('metadata'), f('labels'), f('a')], [f('metadata'), f('labels'), f('b')]), want: { spec: live.spec } },
    { name: 'nothing to remove', set: new FieldSet(), want: live },
  ];
  for (const c of cases) t.same(removeItems(live, c.set, service), c.want, c.name);
});
