import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { kubectl, kubectlWatch, startTestServer } from './harness.js';

const cm = (name: string, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: {app: demo}
data:
  a: "1"
${extra}`;

t.test('get, output formats, label/annotate/patch/edit/delete with the real kubectl', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const file = join(s.dir, 'cms.yaml');
  writeFileSync(file, [cm('one'), cm('two')].join('---\n'));
  const apply = await k('apply', '-f', file, '--validate=false');
  t.equal(apply.code, 0, apply.stderr);
  t.match(apply.stdout, 'configmap/one created');

  const get = await k('get', 'configmaps');
  t.equal(get.code, 0, get.stderr);
  t.match(get.stdout, /^NAME\s+DATA\s+AGE\n/);
  t.match(get.stdout, /\none\s+1\s+\d+s\n/);
  t.match((await k('get', 'cm', 'one', '-o', 'wide')).stdout, /^NAME\s+DATA\s+AGE\none\s+1\s+/);
  t.equal((await k('get', 'cm', '-o', 'name')).stdout, 'configmap/one\nconfigmap/two\n');
  t.equal((await k('get', 'cm', 'one', '-o', 'jsonpath={.data.a}')).stdout, '1');
  const json = JSON.parse((await k('get', 'cm', 'one', '-o', 'json')).stdout);
  t.equal(json.kind, 'ConfigMap');
  t.match((await k('get', 'cm', 'one', '-o', 'yaml')).stdout, /kind: ConfigMap\n/);
  t.match((await k('get', 'namespaces')).stdout, /kube-system\s+Active/);

  t.equal((await k('label', 'cm', 'one', 'tier=web')).stdout, 'configmap/one labeled\n');
  t.equal((await k('annotate', 'cm', 'one', 'note=hello')).stdout, 'configmap/one annotated\n');
  const labeled = JSON.parse((await k('get', 'cm', 'one', '-o', 'json')).stdout);
  t.same(labeled.metadata.labels, { app: 'demo', tier: 'web' });
  t.equal(labeled.metadata.annotations.note, 'hello');
  t.equal((await k('label', 'cm', 'one', 'tier-')).code, 0);

  t.equal((await k('patch', 'cm', 'one', '-p', '{"data":{"b":"2"}}')).stdout, 'configmap/one patched\n');
  t.equal((await k('patch', 'cm', 'one', '--type=merge', '-p', '{"data":{"c":"3"}}')).code, 0);
  t.equal((await k('patch', 'cm', 'one', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]')).code, 0);
  t.same(JSON.parse((await k('get', 'cm', 'one', '-o', 'json')).stdout).data, { b: '2', c: '3' });

  const editor = join(s.dir, 'editor.sh');
  writeFileSync(editor, `#!/bin/sh\nsed -i 's/b: "2"/b: "edited"/' "$1"\n`);
  chmodSync(editor, 0o755);
  const edit = await kubectl(s, ['edit', 'cm', 'one'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
  t.equal(edit.code, 0, edit.stderr);
  t.equal(edit.stdout, 'configmap/one edited\n');
  t.equal(JSON.parse((await k('get', 'cm', 'one', '-o', 'json')).stdout).data.b, 'edited');

  const describe = await k('describe', 'cm', 'one');
  t.equal(describe.code, 0, describe.stderr);
  t.match(describe.stdout, /Name:\s+one\nNamespace:\s+default/);

  const del = await k('delete', '-f', file);
  t.equal(del.code, 0, del.stderr);
  t.match(del.stdout, 'configmap "one" deleted');
  t.match((await k('get', 'cm')).stderr, 'No resources found in default namespace.');
});

t.test('api-resources lists every served kind; get all -A; errors as on kube', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const ar = await k('api-resources');
  t.equal(ar.code, 0, ar.stderr);
  for (const line of [/^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m, /^services\s+svc\s+v1\s+true\s+Service$/m, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^endpointslices\s+discovery.k8s.io\/v1\s+true\s+EndpointSlice$/m, /^leases\s+coordination.k8s.io\/v1\s+true\s+Lease$/m, /^nodes\s+no\s+v1\s+false\s+Node$/m]) {
    t.match(ar.stdout, line);
  }
  await s.req('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const all = await k('get', 'all', '-A');
  t.equal(all.code, 0, all.stderr);
  t.match(all.stdout, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ndefault\s+pod\/p1\s+0\/1\s+Pending\s+0/);

  const unknown = await k('get', 'widgets');
  t.not(unknown.code, 0);
  t.match(unknown.stderr, `error: the server doesn't have a resource type "widgets"`);
  const missing = await k('get', 'cm', 'nope');
  t.equal(missing.code, 1);
  t.equal(missing.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
  const invalid = await kubectl(s, ['create', '-f', '-', '--validate=false'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n' });
  t.equal(invalid.code, 1);
  t.match(invalid.stderr, /The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
  const dry = await kubectl(s, ['apply', '-f', '-', '--dry-run=server', '--validate=false'], { input: cm('dry') });
  t.equal(dry.code, 0, dry.stderr);
  t.match(dry.stdout, 'configmap/dry created (server dry run)');
  t.equal((await s.req('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404, 'dry run stored nothing');
});

t.test('kubectl get -w prints rows as objects change (pods -o wide)', async (t) => {
  const s = await startTestServer(t);
  const w = await kubectlWatch(t, s, ['get', 'pods', '-w', '-o', 'wide']);
  const until = w.until;
  await new Promise((r) => setTimeout(r, 700));
  const pods = '/api/v1/namespaces/default/pods';
  await s.req('POST', pods, { metadata: { name: 'web-1' }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'nginx' }] } });
  await until(/web-1\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+node-a/);
  const cur = (await s.req('GET', `${pods}/web-1`)).body;
  await s.req('PUT', `${pods}/web-1/status`, { ...cur, status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'nginx', imageID: '', started: true, state: { running: { startedAt: cur.metadata.creationTimestamp } } }] } });
  await until(/web-1\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.5\s+node-a/);
  t.match(w.output(), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
  t.equal(w.output().match(/^NAME/gm)?.length, 1, 'headers printed once');
});
