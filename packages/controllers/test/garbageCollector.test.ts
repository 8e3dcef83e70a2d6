/**
 * The garbage collector alone (`--controllers garbagecollector`) against a real server:
 * dependents of a deleted owner go; an ownerReference whose uid does not match the live object of
 * that name counts as absent (a re-created owner does not adopt old dependents); one solid owner
 * keeps a dependent and only the gone references are removed; Foreground waits for blocking
 * dependents; Orphan releases them; a cluster-scoped dependent naming a namespaced owner stays,
 * with kube's OwnerRefInvalidNamespace Event.
 */
import t from 'tap';
import { pino } from 'pino';
import { NotFound, type KubeObject } from '@miniplane/api';
import { startControllers } from '../src/manager.js';
import { eventually, sleep, startTestServer } from './harness.js';

const cm = (name: string, owners: KubeObject[] = [], block = false): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name, ownerReferences: owners.length ? owners.map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid!, blockOwnerDeletion: block })) : undefined },
});

t.test('garbage collection of ConfigMaps owned by ConfigMaps', async (t) => {
  const h = await startTestServer(t);
  const c = await startControllers({ client: h.client, leaderElect: false, controllers: 'garbagecollector', logger: pino({ level: 'silent' }) });
  t.teardown(() => c.stop());
  t.same(c.enabled, ['garbage-collector-controller']);
  const cms = h.res('v1', 'ConfigMap', 'default');
  const gone = (name: string) => eventually(async () => {
    try {
      await cms.get(name);
      return false;
    } catch (err: unknown) {
      return err instanceof NotFound;
    }
  }, 10000, `${name} collected`);

  // Background: the owner goes at once, its dependent after.
  const owner = await cms.create(cm('owner'));
  await cms.create(cm('dep', [owner]));
  await cms.delete('owner');
  await gone('dep');
  t.pass('dependent of a deleted owner collected');

  // A dangling reference: the name exists but with another uid.
  const again = await cms.create(cm('again'));
  await cms.create({ ...cm('stale'), metadata: { name: 'stale', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'again', uid: 'not-its-uid' }] } });
  await gone('stale');
  t.ok(await cms.get('again'), 'the owner of that name stays');

  // Two owners, one gone: the dependent stays, the gone reference is removed.
  const a = await cms.create(cm('a'));
  const b = await cms.create(cm('b'));
  await cms.create(cm('two', [a, b]));
  await cms.delete('b');
  const two = await eventually(async () => {
    const x = await cms.get('two');
    return x.metadata.ownerReferences?.length === 1 ? x : undefined;
  }, 10000, 'the gone reference removed');
  t.equal(two.metadata.ownerReferences![0]!.uid, a.metadata.uid);

  // Foreground: the owner is kept (finalizer) until its blocking dependent is gone.
  const fg = await cms.create(cm('fg'));
  await cms.create(cm('fg-dep', [fg], true));
  await cms.delete('fg', { propagationPolicy: 'Foreground' });
  await gone('fg-dep');
  await gone('fg');
  t.pass('foreground: dependent, then owner');

  // Orphan: the dependent stays without the reference, then the owner goes.
  const orph = await cms.create(cm('orph'));
  await cms.create(cm('orph-dep', [orph, again]));
  await cms.delete('orph', { propagationPolicy: 'Orphan' });
  await gone('orph');
  const released = await cms.get('orph-dep');
  t.same(released.metadata.ownerReferences!.map((r) => r.name), ['again'], 'only the orphaning owner released');

  // A cluster-scoped dependent naming a namespaced kind: never collected, Warning Event.
  const ns = h.res('v1', 'Namespace');
  await ns.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'odd', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'again', uid: again.metadata.uid! }] } });
  const ev = await eventually(async () => (await h.events('OwnerRefInvalidNamespace'))[0], 10000, 'OwnerRefInvalidNamespace');
  t.match(ev, { type: 'Warning', involvedObject: { kind: 'Namespace', name: 'odd' }, message: `ownerRef [v1/ConfigMap, namespace: , name: again, uid: ${again.metadata.uid}] does not exist in namespace ""` });
  await sleep(500);
  t.ok(await ns.get('odd'), 'the namespace stays');
});
