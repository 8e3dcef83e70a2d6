/**
 * deletecollection deletes each object as a delete of its own, as kube's Store.DeleteCollection
 * does: bound pods go Terminating with their grace period (the kubelet finishes them), unbound
 * ones go at once, and the propagation policy sets its finalizers. This is how kube's namespace
 * controller empties a namespace of pods.
 */
import t from 'tap';
import { kubectl, startTestServer } from './harness.js';

const pods = '/api/v1/namespaces/default/pods';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

t.test('deletecollection of pods is graceful', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('unbound'));
  await s.req('POST', pods, pod('bound', { nodeName: 'node-1', terminationGracePeriodSeconds: 20 }));
  await s.req('POST', pods, pod('default-grace', { nodeName: 'node-1' }));
  const del = await s.req('DELETE', pods);
  t.equal(del.status, 200, JSON.stringify(del.body));
  t.same(del.body.items.map((p: { metadata: { name: string; deletionGracePeriodSeconds?: number } }) => [p.metadata.name, p.metadata.deletionGracePeriodSeconds]),
    [['bound', 20], ['default-grace', 30], ['unbound', undefined]], 'the answer lists each pod as its delete left it');
  t.equal((await s.req('GET', `${pods}/unbound`)).status, 404, 'an unbound pod goes at once');
  const left = (await s.req('GET', pods)).body.items as Array<{ metadata: { name: string; deletionTimestamp?: string; deletionGracePeriodSeconds?: number } }>;
  t.same(left.map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp, p.metadata.deletionGracePeriodSeconds]), [['bound', true, 20], ['default-grace', true, 30]], 'bound pods go Terminating');
  const shown = await kubectl(s, ['get', 'pods', '-n', 'default']);
  t.match(shown.stdout, /bound\s+0\/1\s+Terminating/, 'kubectl shows them Terminating');

  const forced = await s.req('DELETE', `${pods}?gracePeriodSeconds=0`);
  t.equal(forced.status, 200);
  t.same((await s.req('GET', pods)).body.items, [], 'grace period 0 removes them');
});

t.test('deletecollection honours the propagation policy', async (t) => {
  const s = await startTestServer(t);
  const cms = '/api/v1/namespaces/default/configmaps';
  await s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  const del = await s.req('DELETE', `${cms}?propagationPolicy=Orphan`);
  t.equal(del.status, 200);
  const a = (await s.req('GET', `${cms}/a`)).body;
  t.same(a.metadata.finalizers, ['orphan'], 'Orphan: the object waits for the collector with the orphan finalizer');
  t.ok(a.metadata.deletionTimestamp);
});
