import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('finalizers keep the object until the last one is removed', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, { metadata: { name: 'f', finalizers: ['example.com/hold'] } });
  const d = await s.req('DELETE', `${cms}/f`);
  t.equal(d.status, 202);
  t.ok(d.body.metadata.deletionTimestamp, 'deletionTimestamp set');
  const still = await s.req('GET', `${cms}/f`);
  t.equal(still.status, 200);
  t.ok(still.body.metadata.deletionTimestamp);
  const again = await s.req('DELETE', `${cms}/f`);
  t.equal(again.status, 202, 'a second delete changes nothing');
  const cleared = await s.req('PUT', `${cms}/f`, { ...still.body, metadata: { ...still.body.metadata, finalizers: [] } });
  t.equal(cleared.status, 200);
  t.equal((await s.req('GET', `${cms}/f`)).status, 404, 'gone once the last finalizer went');
});

t.test('status subresource: /status changes only status, main writes keep status', async (t) => {
  const s = await startTestServer(t);
  const svcs = '/api/v1/namespaces/default/services';
  // A LoadBalancer: on other types kube clears status.loadBalancer on every main write.
  const c = (await s.req('POST', svcs, { metadata: { name: 'web' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } })).body;
  t.same(c.status, { loadBalancer: {} }, 'status reset on create');
  const st = await s.req('PUT', `${svcs}/web/status`, { ...c, metadata: { ...c.metadata, labels: { ignored: 'yes' } }, spec: { ...c.spec, ports: [{ port: 9999 }] }, status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } } });
  t.equal(st.status, 200, st.text);
  // kube defaults ipMode to VIP for an ingress IP of a LoadBalancer.
  t.same(st.body.status.loadBalancer.ingress, [{ ip: '198.51.100.7', ipMode: 'VIP' }]);
  t.equal(st.body.spec.ports[0].port, 80, 'spec untouched by /status');
  t.notOk(st.body.metadata.labels, 'labels untouched by /status');
  const main = await s.req('PUT', `${svcs}/web`, { ...st.body, spec: { ...st.body.spec, ports: [{ port: 81 }] }, status: {} });
  t.equal(main.body.spec.ports[0].port, 81);
  t.same(main.body.status.loadBalancer.ingress, [{ ip: '198.51.100.7', ipMode: 'VIP' }], 'main write keeps stored status');
  const mp = await s.req('PATCH', `${svcs}/web/status`, { status: { loadBalancer: { ingress: [{ ip: '198.51.100.8' }] } } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(mp.status, 200, mp.text);
  t.same(mp.body.status.loadBalancer.ingress, [{ ip: '198.51.100.8', ipMode: 'VIP' }]);
});

t.test('a deleted namespace is Terminating until /finalize removes kubernetes; protected namespaces refuse', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', '/api/v1/namespaces', { metadata: { name: 'tmp' } });
  await s.req('POST', '/api/v1/namespaces/tmp/configmaps', configMap('x'));
  const d = await s.req('DELETE', '/api/v1/namespaces/tmp');
  t.equal(d.status, 202, 'kept: answered as an object not yet deleted');
  t.equal(d.body.status.phase, 'Terminating');
  t.ok(d.body.metadata.deletionTimestamp);
  t.equal((await s.req('GET', '/api/v1/namespaces/tmp/configmaps/x')).status, 200, 'content is the namespace controller\'s to delete');
  // An update may not drop spec.finalizers (only /finalize does), and does not delete the namespace.
  const put = await s.req('PUT', '/api/v1/namespaces/tmp', { ...d.body, spec: { finalizers: [] } });
  t.same(put.body.spec.finalizers, ['kubernetes']);
  t.equal((await s.req('GET', '/api/v1/namespaces/tmp/finalize')).status, 405);
  const fin = await s.req('PUT', '/api/v1/namespaces/tmp/finalize', { ...put.body, spec: { finalizers: [] } });
  t.equal(fin.status, 200, fin.text);
  t.equal((await s.req('GET', '/api/v1/namespaces/tmp')).status, 404, 'finalized: gone');
  const def = await s.req('DELETE', '/api/v1/namespaces/default');
  t.equal(def.status, 403);
  t.equal(def.body.reason, 'Forbidden');
});

t.test('delete preconditions, propagationPolicy and gracePeriodSeconds', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('p'));
  const wrong = await s.req('DELETE', `${cms}/p`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'not-the-uid' } });
  t.equal(wrong.status, 409);
  t.match(wrong.body.message, /Precondition failed: UID in precondition: not-the-uid/);
  const ok = await s.req('DELETE', `${cms}/p?propagationPolicy=Foreground&gracePeriodSeconds=0`);
  // Foreground sets the foregroundDeletion finalizer: the object is only marked (202), as on kube.
  t.equal(ok.status, 202);
  t.same(ok.body.metadata.finalizers, ['foregroundDeletion']);
  // kube holds DeleteOptions to ValidateDeleteOptions: an Invalid (422) on DeleteOptions.meta.k8s.io.
  const badPolicy = await s.req('DELETE', `${cms}/p?propagationPolicy=Sideways`);
  t.equal(badPolicy.status, 422);
});

t.test('scale subresource reads and writes spec.replicas', async (t) => {
  const s = await startTestServer(t);
  const path = '/apis/apps/v1/namespaces/default/deployments';
  await s.req('POST', path, { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
  const sc = await s.req('GET', `${path}/web/scale`);
  t.equal(sc.body.kind, 'Scale');
  t.equal(sc.body.spec.replicas, 1);
  t.equal(sc.body.status.selector, 'app=web');
  const p = await s.req('PATCH', `${path}/web/scale`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(p.status, 200, p.text);
  t.equal((await s.req('GET', `${path}/web`)).body.spec.replicas, 4);
});
