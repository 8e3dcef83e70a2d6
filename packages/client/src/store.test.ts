import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { IndexedStore, metaNamespaceKey, namespaceIndex, splitMetaNamespaceKey } from './store.js';

function obj(name: string, o: { ns?: string; labels?: Record<string, string>; rv?: string } = {}): KubeObject {
  return { metadata: { name, namespace: o.ns, labels: o.labels, resourceVersion: o.rv ?? '1' } };
}

const byApp = { app: (o: KubeObject) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []) };

t.test('keys', async (t) => {
  const cases = [
    { name: 'namespaced', given: obj('a', { ns: 'default' }), want: 'default/a' },
    // cluster-scoped objects have no namespace: the key is the bare name
    { name: 'cluster-scoped', given: obj('node1'), want: 'node1' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(metaNamespaceKey(c.given), c.want));
  t.same(splitMetaNamespaceKey('ns/a'), { namespace: 'ns', name: 'a' });
  t.same(splitMetaNamespaceKey('a'), { namespace: '', name: 'a' });
});

t.test('add/get/update/delete/list', async (t) => {
  const s = new IndexedStore();
  s.add(obj('a', { ns: 'x' }));
  s.add(obj('b', { ns: 'y' }));
  t.equal(s.get('x/a')?.metadata.name, 'a');
  t.equal(s.get('a'), undefined, 'namespaced object is not found by bare name');
  s.update(obj('a', { ns: 'x', rv: '2' }));
  t.equal(s.get('x/a')?.metadata.resourceVersion, '2');
  t.equal(s.list().length, 2);
  t.same(s.listKeys().sort(), ['x/a', 'y/b']);
  s.delete(obj('a', { ns: 'x' }));
  t.equal(s.get('x/a'), undefined);
  s.delete(obj('zzz', { ns: 'x' })); // deleting an unknown key is a no-op
  t.equal(s.list().length, 1);
});

t.test('namespace index is built in', async (t) => {
  const s = new IndexedStore();
  s.add(obj('a', { ns: 'x' }));
  s.add(obj('b', { ns: 'x' }));
  s.add(obj('c', { ns: 'y' }));
  s.add(obj('n1')); // cluster-scoped: indexed under ""
  t.same(s.byIndex(namespaceIndex, 'x').map((o) => o.metadata.name).sort(), ['a', 'b']);
  t.same(s.listIndexValues(namespaceIndex).sort(), ['', 'x', 'y']);
  s.delete(obj('c', { ns: 'y' }));
  t.same(s.listIndexValues(namespaceIndex).sort(), ['', 'x'], 'empty bucket dropped');
});

t.test('custom indexers follow updates', async (t) => {
  const s = new IndexedStore({ indexers: byApp });
  s.add(obj('a', { ns: 'x', labels: { app: 'web' } }));
  s.add(obj('b', { ns: 'x', labels: { app: 'web' } }));
  s.add(obj('c', { ns: 'x' })); // no label: in no bucket
  t.same(s.indexKeys('app', 'web').sort(), ['x/a', 'x/b']);
  s.update(obj('a', { ns: 'x', labels: { app: 'db' } }));
  t.same(s.indexKeys('app', 'web'), ['x/b'], 'old value removed on update');
  t.same(s.byIndex('app', 'db').map((o) => o.metadata.name), ['a']);
  t.same(s.index('app', obj('q', { labels: { app: 'web' } })).map((o) => o.metadata.name), ['b']);
});

t.test('addIndexers indexes existing items; conflicts and unknown indexes throw', async (t) => {
  const s = new IndexedStore();
  s.add(obj('a', { ns: 'x', labels: { app: 'web' } }));
  s.addIndexers(byApp);
  t.same(s.indexKeys('app', 'web'), ['x/a']);
  t.throws(() => s.addIndexers(byApp), /indexer conflict: app/);
  t.throws(() => s.byIndex('nope', 'v'), /index with name nope does not exist/);
});

t.test('replace swaps content and indexes', async (t) => {
  const s = new IndexedStore({ indexers: byApp });
  s.add(obj('a', { ns: 'x', labels: { app: 'web' } }));
  s.replace([obj('b', { ns: 'y', labels: { app: 'db' } })]);
  t.same(s.listKeys(), ['y/b']);
  t.same(s.indexKeys('app', 'web'), []);
  t.same(s.byIndex(namespaceIndex, 'y').length, 1);
});

t.test('stored objects are deep-frozen unless disabled', async (t) => {
  const s = new IndexedStore();
  const o = obj('a', { ns: 'x', labels: { app: 'web' } });
  s.add(o);
  t.throws(() => {
    (s.get('x/a')!.metadata.labels as Record<string, string>).app = 'db';
  }, TypeError);
  const loose = new IndexedStore({ freeze: false });
  const o2 = obj('b');
  loose.add(o2);
  t.notOk(Object.isFrozen(o2));
});
