import t from 'tap';
import {
  AlreadyExists, ApiError, Conflict, Invalid, NotFound, ResourceVersionTooOld, type KubeObject, type Status,
} from '@miniplane/api';
import { resourcePath } from '../src/resourceClient.js';
import { RestClient } from '../src/restClient.js';
import { info, startTestServer } from './server.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const cm = (name: string, o: { labels?: Record<string, string>; data?: Record<string, string> } = {}): ConfigMap => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: o.labels }, data: o.data ?? { k: name },
});

t.test('URL layout', async (t) => {
  t.equal(resourcePath(info('services'), { namespace: 'ns', name: 'a', subresource: 'status' }), '/api/v1/namespaces/ns/services/a/status');
  t.equal(resourcePath(info('services')), '/api/v1/services', 'all namespaces');
  t.equal(resourcePath(info('deployments.apps'), { namespace: 'ns' }), '/apis/apps/v1/namespaces/ns/deployments');
  t.equal(resourcePath(info('nodes'), { namespace: 'ignored', name: 'n1' }), '/api/v1/nodes/n1', 'cluster-scoped ignores namespace');
});

t.test('CRUD round trip on a core resource', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const created = await cms.create(cm('a'));
  t.equal(created.metadata.namespace, 'default');
  t.ok(created.metadata.resourceVersion);
  const got = await cms.get('a');
  t.same(got.data, { k: 'a' });
  t.equal(got.kind, 'ConfigMap');
  const updated = await cms.update({ ...got, data: { k: 'b' } });
  t.not(updated.metadata.resourceVersion, got.metadata.resourceVersion);
  const deleted = await cms.delete('a');
  t.ok(deleted.kind === 'ConfigMap' || (deleted as Status).status === 'Success', 'object or Success status');
  await t.rejects(cms.get('a'), NotFound);
});

t.test('errors come back as catalogue classes with the wire Status', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const a = await cms.create(cm('a'));
  const nf = await cms.get('zzz').catch((e: unknown) => e);
  t.ok(nf instanceof NotFound);
  t.match(nf, { code: 404, reason: 'NotFound', message: 'configmaps "zzz" not found', details: { name: 'zzz', kind: 'configmaps' } });
  await t.rejects(cms.create(cm('a')), AlreadyExists);
  await cms.update({ ...a, data: { k: 'x' } });
  const stale = await cms.update({ ...a, data: { k: 'y' } }).catch((e: unknown) => e); // a's RV is now stale
  t.ok(stale instanceof Conflict, 'stale resourceVersion is a Conflict');
  t.match(stale, { code: 409, message: /the object has been modified/ });
  const bad = await cms.create(cm('Not_A_Name')).catch((e: unknown) => e);
  t.ok(bad instanceof Invalid, 'invalid name is a 422 Invalid');
  t.ok(bad instanceof ApiError && bad.code === 422);
  t.match((bad as Invalid).errors[0], { field: 'metadata.name' });
});

t.test('namespace rules', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps');
  await t.rejects(cms.get('a'), TypeError, 'namespaced get without a namespace fails before any I/O');
  await cms.create({ ...cm('a'), metadata: { name: 'a', namespace: 'default' } }); // from metadata
  await h.res('namespaces').create({ metadata: { name: 'other' } });
  await cms.create(cm('b'), { namespace: 'other' });
  const all = await cms.list();
  t.same(all.items.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).sort(), ['default/a', 'other/b'], 'list without namespace spans all');
  t.same((await cms.namespace('other').list()).items.map((x) => x.metadata.name), ['b']);
});

t.test('a non-core group and status subresource', async (t) => {
  const h = await startTestServer(t);
  const leases = h.res('leases', 'default');
  const l = await leases.create({ metadata: { name: 'l' }, spec: { holderIdentity: 'me' } });
  t.equal(l.apiVersion, 'coordination.k8s.io/v1');
  const svcs = h.res('services', 'default');
  // Only a LoadBalancer may carry ingress; kube defaults its ipMode to VIP.
  const s = await svcs.create({ metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
  const st = await svcs.updateStatus({ ...s, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } });
  t.same(st.status, { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }] } });
});

t.test('list: selectors, paging and follow-continue', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  for (let i = 0; i < 7; i++) await cms.create(cm(`c${i}`, { labels: { parity: i % 2 ? 'odd' : 'even' } }));
  const odd = await cms.list({ labelSelector: 'parity=odd' });
  t.same(odd.items.map((x) => x.metadata.name), ['c1', 'c3', 'c5']);
  const one = await cms.list({ fieldSelector: 'metadata.name=c4' });
  t.same(one.items.map((x) => x.metadata.name), ['c4']);
  const page = await cms.list({ limit: 3 });
  t.equal(page.items.length, 3);
  t.ok(page.metadata.continue, 'first page carries a continue token');
  const next = await cms.list({ limit: 3, continue: page.metadata.continue });
  t.same(next.items.map((x) => x.metadata.name), ['c3', 'c4', 'c5']);
  const all = await cms.list({ limit: 2, all: true });
  t.equal(all.items.length, 7, 'all pages followed');
  t.notOk(all.metadata.continue);
  t.ok(all.metadata.resourceVersion);
  t.ok(all.items.every((x) => x.kind === 'ConfigMap' && x.apiVersion === 'v1'), 'items typed');
});

t.test('patch: merge, json, strategic, apply', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('p', { data: { a: '1' } }));
  t.same((await cms.patch('p', { data: { b: '2' } }, 'merge')).data, { a: '1', b: '2' });
  t.same((await cms.patch('p', [{ op: 'remove', path: '/data/a' }], 'json')).data, { b: '2' });
  t.same((await cms.patch('p', { data: { c: '3' } }, 'strategic')).data, { b: '2', c: '3' });
  const applied = await cms.patch('p', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { d: '4' } }, 'apply', { fieldManager: 'test', force: true });
  t.equal(applied.data?.d, '4');
  await t.rejects(cms.patch('p', {}, 'apply'), TypeError, 'apply needs a fieldManager');
  await t.rejects(cms.patch('zzz', { data: {} }, 'merge'), NotFound);
});

t.test('deleteCollection with a selector', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('x', { labels: { gone: 'yes' } }));
  await cms.create(cm('y', { labels: { gone: 'yes' } }));
  await cms.create(cm('z'));
  await cms.deleteCollection({ labelSelector: 'gone=yes' });
  t.same((await cms.list()).items.map((x) => x.metadata.name), ['z']);
});

t.test('watch: from a list RV, in order, filtered, abortable', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('before'));
  const rv = (await cms.list()).metadata.resourceVersion;
  const ac = new AbortController();
  const seen: string[] = [];
  const done = (async () => {
    for await (const ev of cms.watch({ resourceVersion: rv, signal: ac.signal })) {
      seen.push(`${ev.type} ${ev.object.metadata.name}`);
      if (seen.length === 3) ac.abort();
    }
  })();
  const a = await cms.create(cm('a'));
  await cms.update({ ...a, data: { k: 'changed' } });
  await cms.delete('a');
  await done; // abort ends the loop quietly
  t.same(seen, ['ADDED a', 'MODIFIED a', 'DELETED a'], 'no replay of "before": only changes after rv');

  const named: string[] = [];
  const ac2 = new AbortController();
  const done2 = (async () => {
    for await (const ev of cms.watch({ fieldSelector: 'metadata.name=before', signal: ac2.signal })) {
      named.push(`${ev.type} ${ev.object.metadata.name}`);
      ac2.abort();
    }
  })();
  await done2;
  t.same(named, ['ADDED before'], 'no RV: synthetic ADDED for current state, filtered by fieldSelector');
});

t.test('watch: breaking out of the loop closes the stream', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('a'));
  for await (const ev of cms.watch()) {
    t.equal(ev.type, 'ADDED');
    break;
  }
  t.pass('loop exited');
});

t.test('watch: server timeout ends the iteration', async (t) => {
  const h = await startTestServer(t);
  const started = Date.now();
  for await (const _ of h.res('configmaps', 'default').watch({ timeoutSeconds: 1, resourceVersion: '1' })) void _;
  t.ok(Date.now() - started >= 900);
});

t.test('watch: a compacted resourceVersion is thrown as ResourceVersionTooOld (410)', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const first = await cms.create(cm('a'));
  await cms.create(cm('b'));
  const c = await cms.create(cm('c'));
  h.server.log.forceCompact(Number(c.metadata.resourceVersion));
  const err = await (async () => {
    for await (const _ of cms.watch({ resourceVersion: first.metadata.resourceVersion })) void _;
  })().catch((e: unknown) => e);
  t.ok(err instanceof ResourceVersionTooOld, `got ${String(err)}`);
  t.equal((err as ApiError).code, 410);
});

t.test('transport errors are Node errors, and the signal cancels requests', async (t) => {
  const dead = new RestClient({ config: { server: 'http://127.0.0.1:1' } });
  await t.rejects(dead.resource(info('configmaps'), 'default').get('a'), { code: 'ECONNREFUSED' });
  const h = await startTestServer(t);
  const ac = new AbortController();
  ac.abort();
  await t.rejects(h.res('configmaps', 'default').list({ signal: ac.signal }), { name: 'AbortError' });
});

t.test('raw requests: discovery and custom Accept headers', async (t) => {
  const h = await startTestServer(t);
  const versions = await h.client.request<{ kind: string; versions: string[] }>({ method: 'GET', path: '/api' });
  t.same(versions.versions, ['v1']);
  const table = await h.client.request<{ kind: string }>({
    method: 'GET', path: '/api/v1/namespaces/default/configmaps',
    headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
  });
  t.equal(table.kind, 'Table');
});
