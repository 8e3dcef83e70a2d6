import t from 'tap';
import { kubectl, startTestServer, writeManifest } from './harness.js';

const applyHeaders = { 'content-type': 'application/apply-patch+yaml' };

t.test('an apply to the status of a missing object is a 404 and creates nothing', async (t) => {
  const s = await startTestServer(t);
  const cases = [
    { name: 'cluster-scoped', path: '/api/v1/nodes/ghost', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ghost' }, status: { phase: 'Running' } }, resource: 'nodes' },
    { name: 'namespaced', path: '/api/v1/namespaces/default/services/ghost', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ghost' }, status: { loadBalancer: {} } }, resource: 'services' },
    { name: 'another group', path: '/apis/apps/v1/namespaces/default/deployments/ghost', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ghost' }, status: { replicas: 1 } }, resource: 'deployments' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = await s.req('PATCH', `${c.path}/status?fieldManager=m`, JSON.stringify(c.body), applyHeaders);
      t.equal(r.status, 404, r.text);
      const details: Record<string, string> = { name: 'ghost', kind: c.resource };
      if (c.path.startsWith('/apis/apps')) details.group = 'apps';
      t.same(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${details.group ? `${c.resource}.apps` : c.resource} "ghost" not found`, reason: 'NotFound', details, code: 404 });
      t.equal((await s.req('GET', c.path)).status, 404, 'nothing was created');
    });
  }
  t.test('an apply to the main resource still creates', async (t) => {
    const r = await s.req('PATCH', '/api/v1/nodes/real?fieldManager=m', JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'real' } }), applyHeaders);
    t.equal(r.status, 201, r.text);
    const st = await s.req('PATCH', '/api/v1/nodes/real/status?fieldManager=m', JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'real' }, status: { phase: 'Running' } }), applyHeaders);
    t.equal(st.status, 200, 'and the status of an existing object applies');
    t.equal(st.body.status.phase, 'Running');
  });
});

t.test('kubectl apply --server-side --subresource=status of a missing Node', async (t) => {
  const s = await startTestServer(t);
  const file = writeManifest(s, 'node.yaml', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: ghost\nstatus:\n  phase: Running\n');
  const r = await kubectl(s, ['apply', '--server-side', '--subresource=status', '-f', file]);
  t.not(r.code, 0);
  t.match(r.stderr, /Error from server \(NotFound\): nodes "ghost" not found/);
  t.equal((await s.req('GET', '/api/v1/nodes/ghost')).status, 404);
});
