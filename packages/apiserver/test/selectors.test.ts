import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';
const names = (r: { body: { items: Array<{ metadata: { name: string } }> } }) => r.body.items.map((o) => o.metadata.name).sort();

t.test('label selector syntax', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('a', {}, { app: 'web', tier: 'front' }));
  await s.req('POST', cms, configMap('b', {}, { app: 'web', tier: 'back' }));
  await s.req('POST', cms, configMap('c', {}, { app: 'db' }));
  await s.req('POST', cms, configMap('d'));
  const cases: Array<[string, string[]]> = [
    ['app=web', ['a', 'b']],
    ['app==web', ['a', 'b']],
    ['app!=web', ['c', 'd']],
    ['tier in (front,back)', ['a', 'b']],
    ['app notin (web)', ['c', 'd']],
    ['tier', ['a', 'b']],
    ['!tier', ['c', 'd']],
    ['app=web,tier=back', ['b']],
    ['app in (web, db), !tier', ['c']],
  ];
  for (const [sel, want] of cases) {
    t.same(names(await s.req('GET', `${cms}?labelSelector=${encodeURIComponent(sel)}`)), want, sel);
  }
  const bad = await s.req('GET', `${cms}?labelSelector=${encodeURIComponent('app in (')}`);
  t.equal(bad.status, 400);
  t.equal(bad.body.reason, 'BadRequest');
  t.equal(bad.body.kind, 'Status');
});

t.test('field selectors: metadata and per-kind fields', async (t) => {
  const s = await startTestServer(t);
  const pods = '/api/v1/namespaces/default/pods';
  const pod = (name: string, nodeName?: string) => ({ metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] } });
  await s.req('POST', pods, pod('p1', 'node-a'));
  await s.req('POST', pods, pod('p2', 'node-b'));
  await s.req('POST', pods, pod('p3'));
  const p1 = (await s.req('GET', `${pods}/p1`)).body;
  await s.req('PUT', `${pods}/p1/status`, { ...p1, status: { phase: 'Running' } });
  t.same(names(await s.req('GET', `${pods}?fieldSelector=spec.nodeName%3Dnode-a`)), ['p1']);
  t.same(names(await s.req('GET', `${pods}?fieldSelector=spec.nodeName%3D`)), ['p3'], 'unscheduled');
  t.same(names(await s.req('GET', `${pods}?fieldSelector=status.phase%3DRunning`)), ['p1']);
  t.same(names(await s.req('GET', `${pods}?fieldSelector=status.phase!%3DRunning`)), ['p2', 'p3']);
  t.same(names(await s.req('GET', `/api/v1/pods?fieldSelector=metadata.name%3Dp2`)), ['p2']);
  // An unset boolean reads as "false" (the zero text comes from the Pod schema's boolean type).
  t.same(names(await s.req('GET', `${pods}?fieldSelector=spec.hostNetwork%3Dfalse`)), ['p1', 'p2', 'p3']);
  t.same(names(await s.req('GET', `${pods}?fieldSelector=spec.hostNetwork%3Dtrue`)), []);
  t.same(names(await s.req('GET', `/api/v1/pods?fieldSelector=metadata.namespace%3Dkube-system`)), []);
  const bad = await s.req('GET', `${pods}?fieldSelector=spec.bogus%3Dx`);
  t.equal(bad.status, 400);
  t.equal(bad.body.reason, 'BadRequest');
  t.match(bad.body.message, /field label not supported: spec.bogus/);
});

t.test('deletecollection honours selectors', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('a', {}, { del: 'yes' }));
  await s.req('POST', cms, configMap('b', {}, { del: 'yes' }));
  await s.req('POST', cms, configMap('c'));
  const r = await s.req('DELETE', `${cms}?labelSelector=del%3Dyes`);
  t.equal(r.status, 200);
  t.same(names(await s.req('GET', cms)), ['c']);
});
