/**
 * `kubectl apply` against a real server, the real kubectl the judge: client-side apply (create,
 * configure, unchanged, and the exact object kubectl intended after a 3-way patch), server-side
 * apply with field managers (conflicts answered like kube, --force-conflicts, --dry-run=server),
 * and the managedFields every write records.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { kubectl, startTestServer, type TestServer, writeManifest as write } from './harness.js';

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

const configMap = (data: Record<string, string>, name = 'settings') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`;

const service = (targetPort = 8080) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: ${targetPort}}
`;

const deployment = (v: 1 | 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {${v === 1 ? 'app: web, tier: fe' : 'app: web'}}
spec:
  replicas: ${v === 1 ? 2 : 3}
  strategy:
${v === 1 ? '    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}' : '    type: Recreate'}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:${v === 1 ? '1.27' : '1.28'}
        ports:
        - {containerPort: 80, name: http}
        - ${v === 1 ? '{containerPort: 9090, name: metrics}' : '{containerPort: 8443, name: https}'}
        env:
${v === 1 ? '        - {name: A, value: "1"}\n        - {name: B, value: "2"}' : '        - {name: B, value: "2"}\n        - {name: C, value: "3"}'}
${v === 1 ? '      - name: sidecar\n        image: busybox\n        args: [sleep, "3600"]\n' : ''}`;

const getJson = async (s: TestServer, ...a: string[]) => JSON.parse((await kubectl(s, ['get', ...a, '-o', 'json', '--show-managed-fields'])).stdout);
const managersOf = (o: { metadata: { managedFields?: Array<{ manager: string; operation: string }> } }) =>
  (o.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);
const fieldsOf = (o: { metadata: { managedFields?: Array<{ manager: string; fieldsV1: unknown }> } }, manager: string) =>
  o.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1;

const conflictAdvice = 'Please review the fields above--they currently have other managers.';

t.test('client-side apply: created, unchanged, configured, and exactly the intended object', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const v1 = write(s, 'v1.yaml', namespace, deployment(1), configMap({ mode: 'fast' }));
  const created = await k('apply', '-n', 'shop', '-f', v1);
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'namespace/shop created\ndeployment.apps/web created\nconfigmap/settings created\n');
  t.equal((await k('apply', '-n', 'shop', '-f', v1)).stdout, 'namespace/shop unchanged\ndeployment.apps/web unchanged\nconfigmap/settings unchanged\n');

  const cm = await getJson(s, '-n', 'shop', 'cm', 'settings');
  t.same(managersOf(cm), ['kubectl-client-side-apply/Update']);
  t.same(fieldsOf(cm, 'kubectl-client-side-apply'), {
    'f:data': { '.': {}, 'f:mode': {} },
    'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
  }, 'the entry kube-apiserver records for the same create');

  // A 3-way patch: a label removed, a container, a port and an env var replaced, strategy switched.
  const configured = await k('apply', '-n', 'shop', '-f', write(s, 'v2.yaml', namespace, deployment(2), configMap({ mode: 'slow' })));
  t.equal(configured.code, 0, configured.stderr);
  t.equal(configured.stdout, 'namespace/shop unchanged\ndeployment.apps/web configured\nconfigmap/settings configured\n');
  const deploy = await getJson(s, '-n', 'shop', 'deploy', 'web');
  t.same(deploy.metadata.labels, { app: 'web' });
  t.same(deploy.spec, {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'Recreate' },
    // kube's v1 Deployment defaults
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      metadata: { labels: { app: 'web' } },
      // kube's PodSpec and container defaults
      spec: {
        containers: [{
          env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }],
          image: 'nginx:1.28',
          imagePullPolicy: 'IfNotPresent',
          name: 'web',
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 8443, name: 'https', protocol: 'TCP' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        }],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  });
  const csa = fieldsOf(deploy, 'kubectl-client-side-apply') as Record<string, Record<string, Record<string, unknown>>>;
  // The creating manager owns the defaulted fields too, as on kube.
  t.same(Object.keys(csa['f:spec']!['f:template']!['f:spec'] as object), ['f:containers', 'f:dnsPolicy', 'f:restartPolicy', 'f:schedulerName', 'f:securityContext', 'f:terminationGracePeriodSeconds']);
  t.same(Object.keys(csa['f:spec']!['f:template']!['f:spec']!['f:containers'] as object), ['k:{"name":"web"}'], 'the removed sidecar left the manager\'s fields');
  t.same((await getJson(s, '-n', 'shop', 'cm', 'settings')).data, { mode: 'slow' });
});

const edge = (v: 1 | 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
  finalizers: [${v === 1 ? 'example.com/a, ' : ''}example.com/b]
  annotations: {${v === 1 ? '"a.b/c": "1", ' : ''}keep: x}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      volumes:
      - name: v1
${v === 1 ? '        configMap: {name: cm1}' : '        secret: {secretName: s1}'}
      containers:
      - name: c
        image: i
        args: [${v === 1 ? 'a, b, c' : 'c, a'}]
        ports: [${v === 1 ? '{containerPort: 80}, {containerPort: 443}' : '{containerPort: 443}, {containerPort: 80}'}]
        env:
        - name: POD
${v === 1 ? '          valueFrom: {fieldRef: {fieldPath: metadata.name}}' : '          value: fixed'}
`;

t.test('client-side apply: the directives kubectl sends land exactly', async (t) => {
  const s = await startTestServer(t);
  t.equal((await kubectl(s, ['apply', '-f', write(s, 'e1.yaml', edge(1))])).code, 0);
  // $deleteFromPrimitiveList (finalizers), $setElementOrder (ports reordered), $retainKeys
  // (volume source swapped), null (annotation, valueFrom) and an atomic list (args) replaced.
  const r = await kubectl(s, ['apply', '-f', write(s, 'e2.yaml', edge(2)), '-v=9']);
  t.equal(r.code, 0);
  for (const directive of ['$retainKeys', '$deleteFromPrimitiveList/finalizers', '$setElementOrder/ports']) {
    t.ok(r.stderr.includes(directive), `kubectl sent ${directive}`);
  }
  const d = await getJson(s, 'deploy', 'edge');
  t.same(d.metadata.finalizers, ['example.com/b']);
  t.same(Object.keys(d.metadata.annotations).sort(), ['keep', 'kubectl.kubernetes.io/last-applied-configuration']);
  t.same(d.spec.template.spec, {
    volumes: [{ name: 'v1', secret: { secretName: 's1', defaultMode: 420 } }],
    containers: [{
      name: 'c', image: 'i', args: ['c', 'a'], ports: [{ containerPort: 443, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }], env: [{ name: 'POD', value: 'fixed' }],
      // kube's container defaults (an untagged image pulls Always)
      imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
  });
});

t.test('server-side apply: two managers conflict, --force-conflicts wins', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const alice = await k('apply', '--server-side', '--field-manager=alice', '-f', write(s, 'a.yaml', configMap({ a: '1', b: '1' })));
  t.equal(alice.code, 0, alice.stderr);
  t.equal(alice.stdout, 'configmap/settings serverside-applied\n');

  const bobFile = write(s, 'b.yaml', configMap({ a: '2', c: '1' }));
  const bob = await k('apply', '--server-side', '--field-manager=bob', '-f', bobFile);
  t.equal(bob.code, 1, 'a conflict fails the apply');
  t.equal(bob.stdout, '');
  t.equal(bob.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "alice": .data.a');
  t.match(bob.stderr, conflictAdvice, "kubectl's advice follows kube's message");
  t.same((await getJson(s, 'cm', 'settings')).data, { a: '1', b: '1' }, 'nothing was written');

  const forced = await k('apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', bobFile);
  t.equal(forced.code, 0, forced.stderr);
  const cm = await getJson(s, 'cm', 'settings');
  t.same(cm.data, { a: '2', b: '1', c: '1' });
  t.same(managersOf(cm), ['alice/Apply', 'bob/Apply']);
  t.same(fieldsOf(cm, 'alice'), { 'f:data': { 'f:b': {} } }, 'alice lost .data.a');
  t.same(fieldsOf(cm, 'bob'), { 'f:data': { 'f:a': {}, 'f:c': {} } });

  const both = await k('apply', '--server-side', '--field-manager=carol', '-f', write(s, 'c.yaml', configMap({ a: '3', b: '3' })));
  t.equal(both.code, 1);
  t.equal(
    both.stderr.split('\n').slice(0, 4).join('\n'),
    'error: Apply failed with 2 conflicts: conflicts with "alice":\n- .data.b\nconflicts with "bob":\n- .data.a',
    'several conflicts are grouped by manager',
  );

  const dropB = await k('apply', '--server-side', '--field-manager=alice', '-f', write(s, 'a2.yaml', configMap({ d: '1' })));
  t.equal(dropB.code, 0, dropB.stderr);
  t.same((await getJson(s, 'cm', 'settings')).data, { a: '2', c: '1', d: '1' }, 'a field its only manager stops applying is removed');
});

t.test('server-side apply over client-side apply', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  t.equal((await k('apply', '-f', write(s, 'svc.yaml', service()))).code, 0);
  const moved = write(s, 'svc2.yaml', service(9090));

  const other = await k('apply', '--server-side', '--field-manager=other', '-f', moved);
  t.equal(other.code, 1);
  t.equal(other.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort');

  // As `kubectl` (the default manager) the fields client-side apply set are taken over, and the
  // last-applied annotation follows the new configuration.
  const upgraded = await k('apply', '--server-side', '-f', moved);
  t.equal(upgraded.code, 0, upgraded.stderr);
  t.equal(upgraded.stdout, 'service/web serverside-applied\n');
  const svc = await getJson(s, 'svc', 'web');
  t.equal(svc.spec.ports[0].targetPort, 9090);
  t.same(svc.spec.selector, { app: 'web' });
  t.notOk(managersOf(svc).includes('kubectl-client-side-apply/Update'), 'kubectl moved the client-side fields to its applier');
  t.match(JSON.parse(svc.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']), { spec: { ports: [{ targetPort: 9090 }] } });
});

t.test('kubectl scale takes .spec.replicas through the scale subresource', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const file = write(s, 'd.yaml', deployment(2));
  t.equal((await k('apply', '--server-side', '-f', file)).code, 0);
  t.equal((await k('scale', 'deploy', 'web', '--replicas=5')).stdout, 'deployment.apps/web scaled\n');
  const d = await getJson(s, 'deploy', 'web');
  t.same(d.metadata.managedFields.find((e: { subresource?: string }) => e.subresource === 'scale').fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  const again = await k('apply', '--server-side', '-f', file);
  t.equal(again.code, 1);
  t.equal(again.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
});

t.test('--dry-run=server stores nothing', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const file = write(s, 'cm.yaml', configMap({ a: '1' }));
  const dry = await k('apply', '--server-side', '--dry-run=server', '-f', file);
  t.equal(dry.code, 0, dry.stderr);
  t.equal(dry.stdout, 'configmap/settings serverside-applied (server dry run)\n');
  const missing = await k('get', 'cm', 'settings');
  t.equal(missing.code, 1);
  t.equal(missing.stderr, 'Error from server (NotFound): configmaps "settings" not found\n');

  t.equal((await k('apply', '--server-side', '-f', file)).code, 0);
  const before = await getJson(s, 'cm', 'settings');
  const dryChange = await k('apply', '--server-side', '--dry-run=server', '-f', write(s, 'cm2.yaml', configMap({ a: '2' })), '-o', 'json');
  t.equal(dryChange.code, 0, dryChange.stderr);
  t.same(JSON.parse(dryChange.stdout).data, { a: '2' }, 'the dry run answers the would-be object');
  const after = await getJson(s, 'cm', 'settings');
  t.same(after, before, 'and stores nothing');
});

t.test('every write records its manager', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  t.equal((await k('apply', '--server-side', '-f', write(s, 'cm.yaml', configMap({ a: '1' })))).code, 0);
  t.equal((await k('label', 'cm', 'settings', 'team=blue')).code, 0);
  t.equal((await k('annotate', 'cm', 'settings', 'note=hi')).code, 0);
  t.equal((await k('patch', 'cm', 'settings', '--type=merge', '-p', '{"data":{"b":"2"}}')).code, 0);
  const editor = join(s.dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i "s/b: \\"2\\"/b: \\"3\\"/" "$1"\n', { mode: 0o755 });
  const edited = await kubectl(s, ['edit', 'cm', 'settings'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
  t.equal(edited.code, 0, edited.stderr);
  const cm = await getJson(s, 'cm', 'settings');
  t.same(cm.data, { a: '1', b: '3' });
  t.same(managersOf(cm).sort(), ['kubectl-annotate/Update', 'kubectl-edit/Update', 'kubectl-label/Update', 'kubectl/Apply']);
  t.equal(managersOf(cm)[0], 'kubectl/Apply', 'appliers first');
  t.same(fieldsOf(cm, 'kubectl-label'), { 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } });
  t.same(fieldsOf(cm, 'kubectl-edit'), { 'f:data': { 'f:b': {} } }, 'edit took .data.b from kubectl-patch');
  t.notOk(fieldsOf(cm, 'kubectl-patch'), 'which then owned nothing and was dropped');

  const plain = await k('get', 'cm', 'settings', '-o', 'yaml');
  t.notMatch(plain.stdout, /managedFields/, 'hidden by default');
  const shown = await k('get', 'cm', 'settings', '-o', 'yaml', '--show-managed-fields');
  t.match(shown.stdout, /managedFields:\n {2}- apiVersion: v1\n {4}fieldsType: FieldsV1\n/);
});

t.test('apply parameters are validated as kube validates them', async (t) => {
  const s = await startTestServer(t);
  const path = '/api/v1/namespaces/default/configmaps/x';
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { k: 'v' } });
  const noManager = await s.req('PATCH', path, body, { 'content-type': 'application/apply-patch+yaml' });
  t.equal(noManager.status, 422);
  t.same(noManager.body, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    reason: 'Invalid',
    details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
    code: 422,
  });
  const force = await s.req('PATCH', `${path}?force=true`, '{}', { 'content-type': 'application/merge-patch+json' });
  t.equal(force.status, 422);
  t.equal(force.body.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  const wrongName = await s.req('PATCH', `${path}?fieldManager=m`, body.replace('"x"', '"y"'), { 'content-type': 'application/apply-patch+yaml' });
  t.equal(wrongName.status, 400);
  t.equal(wrongName.body.message, 'the name of the object (y) does not match the name on the URL (x)');
  const created = await s.req('PATCH', `${path}?fieldManager=m`, body, { 'content-type': 'application/apply-patch+yaml', 'user-agent': 'ignored/1.0' });
  t.equal(created.status, 201, created.text);
  t.equal(created.body.metadata.managedFields[0].manager, 'm');
  const byAgent = await s.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'y' }, data: { k: 'v' } }, { 'user-agent': 'my-controller/v0.1 (linux)' });
  t.equal(byAgent.body.metadata.managedFields[0].manager, 'my-controller', 'the manager defaults to the User-Agent product');
});
