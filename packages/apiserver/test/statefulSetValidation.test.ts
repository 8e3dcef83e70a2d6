/**
 * StatefulSet validation over the API: kube's 422 Invalid (message and causes) on create, and on
 * update the Forbidden for the fields kube does not let change, as the real kubectl reports it;
 * status writes held to kube's status rules.
 */
import t from 'tap';
import { kubectl, startTestServer, writeManifest } from './harness.js';

const path = '/apis/apps/v1/namespaces/default/statefulsets';
const manifest = (serviceName: string, replicas = 2) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: ${serviceName}
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - {name: nginx, image: nginx:1.26}
`;

t.test('a StatefulSet kube refuses is refused in kube words', async (t) => {
  const s = await startTestServer(t);
  const bad = await s.req('POST', path, {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { replicas: -1, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  t.equal(bad.status, 422);
  t.equal(bad.body.reason, 'Invalid');
  t.equal(bad.body.message, 'StatefulSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`, spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"]');
  t.same(bad.body.details.causes, [
    { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
    { reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
    { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Never": supported values: "Always"', field: 'spec.template.spec.restartPolicy' },
  ]);
  const dotted = await s.req('POST', path, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'a.b' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } } });
  t.equal(dotted.status, 422);
  t.equal(dotted.body.message, 'StatefulSet.apps "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots', 'a StatefulSet name is a DNS label');
  t.equal((await s.req('GET', `${path}/web`)).status, 404, 'nothing stored');
});

t.test('kubectl apply of a changed serviceName gets the Forbidden; replicas may change', async (t) => {
  const s = await startTestServer(t);
  t.equal((await kubectl(s, ['apply', '-f', writeManifest(s, 'a.yaml', manifest('web'))])).code, 0);
  const scaled = await kubectl(s, ['apply', '-f', writeManifest(s, 'b.yaml', manifest('web', 5))]);
  t.equal(scaled.code, 0, scaled.stderr);
  const moved = await kubectl(s, ['apply', '-f', writeManifest(s, 'c.yaml', manifest('other', 5))]);
  t.equal(moved.code, 1);
  t.match(moved.stderr, `The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`);
  const stored = (await s.req('GET', `${path}/web`)).body;
  t.equal(stored.spec.serviceName, 'web', 'the update was not stored');
  t.equal(stored.spec.replicas, 5);
  const scale = await kubectl(s, ['scale', 'statefulset', 'web', '--replicas=1']);
  t.equal(scale.code, 0, scale.stderr);

  const status = await s.req('PATCH', `${path}/web/status`, { status: { replicas: 1, readyReplicas: 2 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(status.status, 422);
  t.equal(status.body.message, 'StatefulSet.apps "web" is invalid: status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas');
});
