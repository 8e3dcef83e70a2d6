/**
 * The garbage collector against a real server, beyond the basics of garbageCollector.test.ts:
 * in Foreground deletion the owner waits only for dependents whose reference has
 * blockOwnerDeletion=true (held here by a finalizer of their own); a dependent naming a
 * namespaced owner of another namespace gets kube's OwnerRefInvalidNamespace Event and is
 * collected (the owner counts as absent there); the periodic resync converges an event the
 * collector never saw (an owner of a kind it does not watch, deleted after it was checked); the
 * dependents of a deleted owner do not each look it up again (kube's absentOwnerCache).
 */
import t from 'tap';
import { pino } from 'pino';
import { NotFound, findResourceByKind, type KubeObject } from '@miniplane/api';
import { RestClient, SharedInformer, listWatch, type HttpRequest } from '@miniplane/client';
import { GarbageCollector } from '../src/garbageCollector/controller.js';
import { eventually, runControllers, sleep, startTestServer, type Harness } from './harness.js';

const hold = 'example.com/hold';
const cm = (name: string, owner?: KubeObject, o: { block?: boolean; finalizers?: string[]; namespace?: string } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: {
    name, namespace: o.namespace, finalizers: o.finalizers,
    ownerReferences: owner ? [{ apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, blockOwnerDeletion: o.block }] : undefined,
  },
});

const gone = (h: Harness, name: string, namespace = 'default', ms = 10000) => eventually(async () => {
  try {
    await h.res('v1', 'ConfigMap', namespace).get(name);
    return false;
  } catch (err: unknown) {
    return err instanceof NotFound;
  }
}, ms, `${namespace}/${name} gone`);

t.test('Foreground waits only for dependents with blockOwnerDeletion', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'garbagecollector' });
  const cms = h.res('v1', 'ConfigMap', 'default');

  // A blocking dependent held by its own finalizer keeps the owner (deletionTimestamp, foregroundDeletion).
  const owner = await cms.create({ ...cm('owner'), apiVersion: 'v1', kind: 'ConfigMap' });
  await cms.create(cm('blocker', { ...owner, apiVersion: 'v1', kind: 'ConfigMap' }, { block: true, finalizers: [hold] }));
  await cms.delete('owner', { propagationPolicy: 'Foreground' });
  await eventually(async () => (await cms.get('blocker')).metadata.deletionTimestamp, 10000, 'the blocking dependent deleted');
  await sleep(500);
  const waiting = await cms.get('owner');
  t.ok(waiting.metadata.deletionTimestamp, 'the owner is being deleted');
  t.same(waiting.metadata.finalizers, ['foregroundDeletion'], 'and waits for its blocking dependent');
  await cms.patch('blocker', { metadata: { finalizers: null } }, 'merge');
  await gone(h, 'blocker');
  await gone(h, 'owner');
  t.pass('the owner went once its blocking dependent was gone');

  // A non-blocking dependent held the same way does not keep the owner; it goes after, as dangling.
  const free = await cms.create({ ...cm('free-owner'), apiVersion: 'v1', kind: 'ConfigMap' });
  await cms.create(cm('loose', { ...free, apiVersion: 'v1', kind: 'ConfigMap' }, { block: false, finalizers: [hold] }));
  await cms.delete('free-owner', { propagationPolicy: 'Foreground' });
  await gone(h, 'free-owner');
  const loose = await eventually(async () => {
    const x = await cms.get('loose');
    return x.metadata.deletionTimestamp ? x : undefined;
  }, 10000, 'the non-blocking dependent collected after its owner');
  t.same(loose.metadata.finalizers, [hold], 'held only by its own finalizer');
  await cms.patch('loose', { metadata: { finalizers: null } }, 'merge');
  await gone(h, 'loose');
});

t.test('an owner in another namespace: OwnerRefInvalidNamespace, and the dependent is collected', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'garbagecollector' });
  await h.res('v1', 'Namespace').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  const owner = await h.res('v1', 'ConfigMap', 'default').create(cm('owner'));
  // Give the collector time to hold the owner in its graph (the Event needs its uid known).
  await sleep(300);
  const dep = await h.res('v1', 'ConfigMap', 'other').create(cm('dep', { ...owner, apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: 'other' }));
  await gone(h, 'dep', 'other');
  const ev = await eventually(async () => (await h.events('OwnerRefInvalidNamespace'))[0], 10000, 'OwnerRefInvalidNamespace');
  t.match(ev, {
    type: 'Warning', involvedObject: { kind: 'ConfigMap', namespace: 'other', name: 'dep', uid: dep.metadata.uid },
    message: `ownerRef [v1/ConfigMap, namespace: other, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "other"`,
  });
  t.ok(await h.res('v1', 'ConfigMap', 'default').get('owner'), 'the owner itself stays');
});

t.test('the periodic resync converges an event the collector never saw', async (t) => {
  const h = await startTestServer(t);
  // A collector that watches ConfigMaps only: the Secret owner's delete never reaches it.
  const info = findResourceByKind('v1', 'ConfigMap')!;
  const informer = new SharedInformer({ listerWatcher: listWatch(h.client.resource(info)), name: info.plural });
  await informer.start();
  t.teardown(() => informer.stop());
  await informer.waitForCacheSync(new AbortController().signal);
  const gc = new GarbageCollector({ client: h.client, informers: new Map([['v1/ConfigMap', informer]]), resyncPeriodMs: 500, logger: pino({ level: 'silent' }) });
  await gc.start();
  t.teardown(() => gc.stop());

  const secret = await h.res('v1', 'Secret', 'default').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'owner' } });
  await h.res('v1', 'ConfigMap', 'default').create(cm('dep', { ...secret, apiVersion: 'v1', kind: 'Secret' }));
  await sleep(1200); // checked at least once (add, then a resync) with its owner present
  t.ok(await h.res('v1', 'ConfigMap', 'default').get('dep'), 'kept while its owner lives');
  await h.res('v1', 'Secret', 'default').delete('owner');
  await gone(h, 'dep');
  t.pass('collected by a resync after its owner went unseen');
});

/** Counts the GETs of one path. */
class CountingClient extends RestClient {
  gets = 0;
  constructor(server: string, private readonly path: string) {
    super({ config: { server } });
  }

  override request<R>(req: HttpRequest): Promise<R> {
    if (req.method === 'GET' && req.path === this.path) this.gets++;
    return super.request<R>(req);
  }
}

t.test('the dependents of a deleted owner do not each GET it (absent owner cache)', async (t) => {
  const h = await startTestServer(t);
  const counting = new CountingClient(h.server.url, '/api/v1/namespaces/default/configmaps/many');
  t.teardown(() => counting.close());
  await runControllers(t, h, { controllers: 'garbagecollector', client: counting });
  const cms = h.res('v1', 'ConfigMap', 'default');
  const owner = await cms.create({ ...cm('many'), apiVersion: 'v1', kind: 'ConfigMap' });
  for (let i = 0; i < 20; i++) await cms.create(cm(`dep-${i}`, { ...owner, apiVersion: 'v1', kind: 'ConfigMap' }));
  await sleep(500); // the collector holds the owner and its 20 dependents
  await cms.delete('many');
  await eventually(async () => (await cms.list()).items.every((c) => !c.metadata.name!.startsWith('dep-')), 15_000, 'the 20 dependents collected');
  t.ok(counting.gets <= 1, `the owner looked up ${counting.gets} times for 20 dependents`);
});
