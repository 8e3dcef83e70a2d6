import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { SharedInformerFactory, informerKey } from '../src/sharedInformerFactory.js';
import { stripManagedFields } from '../src/stripManagedFields.js';
import { eventually, info, startTestServer } from './server.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const cm = (name: string, labels: Record<string, string> = {}, v = '1'): ConfigMap => ({ metadata: { name, labels }, data: { v } });
const configmaps = info('configmaps');

/** A consumer's handler that records "verb name v" lines. */
function consumer(): { lines: string[]; h: { onAdd(o: ConfigMap): void; onUpdate(a: ConfigMap, b: ConfigMap): void; onDelete(o: ConfigMap): void } } {
  const lines: string[] = [];
  return {
    lines,
    h: {
      onAdd: (o) => void lines.push(`add ${o.metadata.name} ${o.data?.v}`),
      onUpdate: (_, b) => void lines.push(`update ${b.metadata.name} ${b.data?.v}`),
      onDelete: (o) => void lines.push(`delete ${o.metadata.name}`),
    },
  };
}

t.test('informerKey: one key per resource and scope', async (t) => {
  const cases = [
    { name: 'core group', resource: info('pods'), scope: {}, want: 'v1/pods' },
    { name: 'named group', resource: info('deployments'), scope: {}, want: 'apps/v1/deployments' },
    { name: 'scope in a fixed order', resource: info('pods'), scope: { fieldSelector: 'spec.nodeName=n1', namespace: 'ns' }, want: 'v1/pods?namespace=ns&fieldSelector=spec.nodeName=n1' },
    // An empty selector selects everything: the same informer as none.
    { name: 'empty selector', resource: info('pods'), scope: { labelSelector: '' }, want: 'v1/pods' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(informerKey(c.resource, c.scope), c.want));
});

t.test('N consumers of a resource share one informer and one watch; every handler is called', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('a'));
  const factory = new SharedInformerFactory({ client: h.client });
  t.teardown(() => factory.stop());
  const consumers = [consumer(), consumer(), consumer()];
  const informers = consumers.map(() => factory.informerFor<ConfigMap>(configmaps));
  t.ok(informers.every((i) => i === informers[0]), 'the same informer for every consumer');
  const scoped = factory.informerFor<ConfigMap>(configmaps, { labelSelector: 'app=web' });
  t.not(scoped, informers[0], 'another scope is another informer');
  t.same(factory.keys(), ['v1/configmaps', 'v1/configmaps?labelSelector=app=web']);

  const watchesBefore = h.server.watchCount();
  await factory.start();
  t.ok(await factory.waitForCacheSync());
  await eventually(() => h.server.watchCount() === watchesBefore + 2, 5000, 'two watches');
  consumers.forEach((c, k) => informers[k]!.addEventHandler(c.h));
  await cms.create(cm('b', { app: 'web' }));
  await eventually(() => consumers.every((c) => c.lines.length === 2), 5000, 'every consumer told');
  for (const c of consumers) t.same(c.lines, ['add a 1', 'add b 1']);
  await eventually(() => scoped.store.listKeys().length === 1, 5000, 'the scoped cache');
  t.same(scoped.store.listKeys(), ['default/b']);
  await factory.start(); // idempotent: no second watch
  t.equal(h.server.watchCount(), watchesBefore + 2);
  // One asked for after start() is not waited for until it is started too (client-go's rule).
  const late = factory.informerFor(info('secrets'));
  t.ok(await factory.waitForCacheSync(), 'not held up by an informer not started');
  t.notOk(late.hasSynced());
  await factory.start();
  t.ok(await factory.waitForCacheSync());
  t.ok(late.hasSynced());
});

t.test('indexers: added once by name, whoever asks first', async (t) => {
  const h = await startTestServer(t);
  const factory = new SharedInformerFactory({ client: h.client });
  t.teardown(() => factory.stop());
  const byV = (o: ConfigMap) => [o.data?.v ?? ''];
  const first = factory.informerFor<ConfigMap>(configmaps, {}, { byV });
  // A second consumer asking for the same index name (its own function) does not conflict.
  const second = factory.informerFor<ConfigMap>(configmaps, {}, { byV: (o) => [o.data?.v ?? ''], byName: (o) => [o.metadata.name ?? ''] });
  t.equal(first, second);
  t.ok(first.store.hasIndexer('byV') && first.store.hasIndexer('byName'));
  await h.res<ConfigMap>('configmaps', 'default').create(cm('a', {}, '7'));
  await factory.start();
  await factory.waitForCacheSync();
  t.same(first.store.indexKeys('byV', '7'), ['default/a']);
});

t.test('stop semantics: a consumer leaves by removing its handler; the owner stops the informers', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const factory = new SharedInformerFactory({ client: h.client });
  const inf = factory.informerFor<ConfigMap>(configmaps);
  const [leaving, staying] = [consumer(), consumer()];
  const reg = inf.addEventHandler(leaving.h);
  inf.addEventHandler(staying.h);
  const watchesBefore = h.server.watchCount();
  await factory.start();
  await factory.waitForCacheSync();
  await reg.remove();
  await cms.create(cm('a'));
  await eventually(() => staying.lines.length === 1, 5000, 'the staying consumer told');
  t.same(leaving.lines, [], 'no calls after remove()');
  t.equal(h.server.watchCount(), watchesBefore + 1, 'the watch runs on for the others');

  await factory.stop();
  await eventually(() => h.server.watchCount() === watchesBefore, 5000, 'the watch closed');
  await cms.create(cm('b'));
  await new Promise((r) => setTimeout(r, 100));
  t.same(staying.lines, ['add a 1'], 'no calls after stop()');
  t.throws(() => factory.informerFor(configmaps), /stopped/);
  t.equal(await factory.waitForCacheSync(), true, 'stopped informers stay synced');
});

t.test('relist: after the server is reset, caches list afresh and handlers get only the differences', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('kept'));
  await cms.create(cm('changed'));
  const point = h.server.snapshot();
  const factory = new SharedInformerFactory({ client: h.client });
  t.teardown(() => factory.stop());
  const inf = factory.informerFor<ConfigMap>(configmaps);
  await factory.start();
  await factory.waitForCacheSync();
  const c = consumer();
  inf.addEventHandler(c.h);
  await cms.create(cm('new'));
  const changed = await cms.get('changed');
  await cms.update({ ...changed, data: { v: '2' } });
  await eventually(() => c.lines.length === 4, 5000, 'live changes');
  c.lines.length = 0;
  await h.server.reset(point);
  const relisted = factory.relist();
  // A consumer starting now waits for the relist: once synced, the cache is the restored state.
  t.ok(await factory.waitForCacheSync());
  t.same(inf.store.listKeys().sort(), ['default/changed', 'default/kept']);
  t.equal(inf.store.get('default/changed')?.data?.v, '1');
  await relisted;
  await eventually(() => c.lines.includes('delete new') && c.lines.includes('update changed 1'), 5000, 'differences delivered');
  t.notOk(c.lines.some((l) => l.includes('kept')), 'an unchanged object is not delivered again');
  await factory.relist(); // nothing changed: nothing delivered
  await new Promise((r) => setTimeout(r, 100));
  t.equal(c.lines.filter((l) => l.startsWith('add') || l.startsWith('delete')).length, 1);
});

t.test('transform: stripManagedFields keeps managedFields out of the cache, not off the server', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('listed'));
  const factory = new SharedInformerFactory({ client: h.client, transform: stripManagedFields });
  t.teardown(() => factory.stop());
  const inf = factory.informerFor<ConfigMap>(configmaps);
  await factory.start();
  await factory.waitForCacheSync();
  await cms.create(cm('watched'));
  await eventually(() => inf.store.listKeys().length === 2, 5000, 'the watched object');
  for (const key of ['default/listed', 'default/watched']) {
    const cached = inf.store.get(key)!;
    t.notOk('managedFields' in cached.metadata, `${key}: no managedFields cached`);
    t.ok(cached.metadata.resourceVersion && cached.metadata.uid, `${key}: the rest of metadata kept`);
  }
  t.ok((await cms.get('watched')).metadata.managedFields?.length, 'the server keeps them');
  // An update from the cached copy (no managedFields sent) keeps the stored ones, as kube's field manager.
  const cached = inf.store.get('default/listed')!;
  const updated = await cms.update({ ...cached, data: { v: '2' } });
  t.ok(updated.metadata.managedFields?.length, 'kept by an update without them');
});
