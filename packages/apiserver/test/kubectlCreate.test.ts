/**
 * `kubectl create ...` through the real kubectl (v1.32 on the PATH): its typed clients send request
 * bodies as Kubernetes protobuf, which the server decodes and stores as the same JSON object. Also
 * protobuf DeleteOptions and Scale bodies, and kube's 400s for bodies that are not protobuf.
 */
import { concat, envelope, objectMeta, pb } from '@miniplane/api/testing';
import t from 'tap';
import { kubectl, startTestServer, type TestServer } from './harness.js';

const protobuf = { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' };

async function getJson(s: TestServer, path: string) {
  const r = await s.req('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
  return r.body;
}

t.test('kubectl create sends protobuf; the stored objects are what kubectl meant', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);

  const cm = await k('create', 'configmap', 'demo', '--from-literal=a=b');
  t.equal(cm.code, 0, cm.stderr);
  t.equal(cm.stdout, 'configmap/demo created\n');
  const storedCm = await getJson(s, '/api/v1/namespaces/default/configmaps/demo');
  t.same(storedCm.data, { a: 'b' });
  t.equal(storedCm.kind, 'ConfigMap');
  t.match(storedCm.metadata, { name: 'demo', namespace: 'default', uid: /./, resourceVersion: /^\d+$/, creationTimestamp: /Z$/ });

  const ns = await k('create', 'namespace', 'x');
  t.equal(ns.code, 0, ns.stderr);
  t.equal(ns.stdout, 'namespace/x created\n');
  t.equal((await getJson(s, '/api/v1/namespaces/x')).status.phase, 'Active');

  const deploy = await k('create', 'deployment', 'web', '--image=nginx', '--replicas=2');
  t.equal(deploy.code, 0, deploy.stderr);
  t.equal(deploy.stdout, 'deployment.apps/web created\n');
  const spec = (await getJson(s, '/apis/apps/v1/namespaces/default/deployments/web')).spec;
  t.equal(spec.replicas, 2);
  t.same(spec.selector, { matchLabels: { app: 'web' } });
  t.same(spec.template.metadata.labels, { app: 'web' });
  t.match(spec.template.spec.containers, [{ name: 'nginx', image: 'nginx' }]);
  t.equal(spec.template.spec.containers.length, 1);

  const svc = await k('create', 'service', 'clusterip', 'my-svc', '--tcp=8080:80');
  t.equal(svc.code, 0, svc.stderr);
  t.equal(svc.stdout, 'service/my-svc created\n');
  const svcSpec = (await getJson(s, '/api/v1/namespaces/default/services/my-svc')).spec;
  t.match(svcSpec.ports, [{ name: '8080-80', protocol: 'TCP', port: 8080, targetPort: 80 }]);
  t.equal(svcSpec.ports.length, 1);
  t.same(svcSpec.selector, { app: 'my-svc' });

  const del = await k('delete', 'configmap', 'demo');
  t.equal(del.code, 0, del.stderr);
  t.equal(del.stdout, 'configmap "demo" deleted\n');
  t.equal((await s.req('GET', '/api/v1/namespaces/default/configmaps/demo')).status, 404);
});

t.test('binary configmap data and dry-run=server go through protobuf too', async (t) => {
  const s = await startTestServer(t);
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(s.dir, 'blob.bin');
  writeFileSync(file, Uint8Array.of(0, 1, 2, 0xff));
  const r = await kubectl(s, ['create', 'configmap', 'blob', `--from-file=blob.bin=${file}`]);
  t.equal(r.code, 0, r.stderr);
  t.same((await getJson(s, '/api/v1/namespaces/default/configmaps/blob')).binaryData, { 'blob.bin': 'AAEC/w==' });

  const dry = await kubectl(s, ['create', 'configmap', 'ghost', '--from-literal=x=y', '--dry-run=server']);
  t.equal(dry.code, 0, dry.stderr);
  t.equal(dry.stdout, 'configmap/ghost created (server dry run)\n');
  t.equal((await s.req('GET', '/api/v1/namespaces/default/configmaps/ghost')).status, 404);
});

t.test('protobuf DeleteOptions and Scale bodies', async (t) => {
  const s = await startTestServer(t);
  const created = await s.req('POST', '/api/v1/namespaces/default/configmaps', envelope('v1', 'ConfigMap', pb.message(1, objectMeta({ name: 'keep' }))), protobuf);
  t.equal(created.status, 201, created.text);

  // A precondition on another uid must fail: proof that the protobuf DeleteOptions was read.
  const wrongUid = envelope('v1', 'DeleteOptions', pb.message(2, pb.string(1, 'not-the-uid')));
  const refused = await s.req('DELETE', '/api/v1/namespaces/default/configmaps/keep', wrongUid, protobuf);
  t.equal(refused.status, 409, refused.text);
  t.equal(refused.body.reason, 'Conflict');

  const rightUid = envelope('meta.k8s.io/v1', 'DeleteOptions', concat(pb.varint(1, 0), pb.message(2, pb.string(1, created.body.metadata.uid))));
  const deleted = await s.req('DELETE', '/api/v1/namespaces/default/configmaps/keep', rightUid, protobuf);
  t.equal(deleted.status, 200, deleted.text);
  t.equal(deleted.body.status, 'Success');

  t.equal((await kubectl(s, ['create', 'deployment', 'web', '--image=nginx'])).code, 0);
  const scale = envelope('autoscaling/v1', 'Scale', concat(pb.message(1, objectMeta({ name: 'web', namespace: 'default' })), pb.message(2, pb.varint(1, 0))));
  const scaled = await s.req('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', scale, protobuf);
  t.equal(scaled.status, 200, scaled.text);
  t.equal(scaled.body.spec.replicas, 0, 'an explicit zero is not lost');
  t.equal((await getJson(s, '/apis/apps/v1/namespaces/default/deployments/web')).spec.replicas, 0);
});

t.test('bodies that are not what they claim are kube 400s', async (t) => {
  const s = await startTestServer(t);
  const cases = [
    {
      name: 'JSON sent with the protobuf content type',
      body: '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}',
      want: 'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap","apiVersio ...)',
    },
    {
      name: 'a Deployment posted to configmaps',
      body: envelope('apps/v1', 'Deployment', pb.message(1, objectMeta({ name: 'a' }))),
      want: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
    },
    {
      name: 'a kind the decoder does not know',
      body: envelope('v1', 'PersistentVolumeClaim', pb.message(1, objectMeta({ name: 'a' }))),
      want: /^the object provided is unrecognized \(must be of type ConfigMap\): no kind "PersistentVolumeClaim" is registered for version "v1"/,
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = await s.req('POST', '/api/v1/namespaces/default/configmaps', c.body, protobuf);
      t.equal(r.status, 400, r.text);
      t.equal(r.body.reason, 'BadRequest');
      if (typeof c.want === 'string') t.equal(r.body.message, c.want);
      else t.match(r.body.message, c.want);
    });
  }
});
