/**
 * pods/binding and graceful pod deletion against a running server, as kube-apiserver answers them.
 */
import { concat, envelope, objectMeta, pb } from '@miniplane/api/testing';
import t from 'tap';
import { kubectl, startTestServer } from './harness.js';

const pods = '/api/v1/namespaces/default/pods';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const binding = (name: string, node: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Binding', metadata: { name, ...extra }, target: { apiVersion: 'v1', kind: 'Node', name: node },
});

t.test('pods/binding', async (t) => {
  const s = await startTestServer(t);
  t.equal((await s.req('POST', pods, pod('p'))).status, 201);
  const bound = await s.req('POST', `${pods}/p/binding`, binding('p', 'node-1', { annotations: { a: 'b' } }));
  t.equal(bound.status, 201);
  t.same(bound.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  const got = (await s.req('GET', `${pods}/p`)).body;
  t.equal(got.spec.nodeName, 'node-1');
  t.equal(got.metadata.annotations.a, 'b');
  t.match(got.status.conditions, [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: String }]);
  t.equal(got.status.phase, 'Pending', 'the status is kept');

  await s.req('POST', pods, pod('gated', { schedulingGates: [{ name: 'g' }] }));
  const uid = (await s.req('GET', `${pods}/gated`)).body.metadata.uid;
  const cases: Array<[string, string, unknown, number, string]> = [
    ['already assigned', 'p', binding('p', 'node-2'), 409, 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"'],
    ['missing pod', 'nope', binding('nope', 'node-1'), 404, 'pods "nope" not found'],
    ['name mismatch', 'p', binding('other', 'node-1'), 400, 'name in URL does not match name in Binding object'],
    ['namespace mismatch', 'p', binding('p', 'node-1', { namespace: 'kube-system' }), 400, 'the namespace of the provided object does not match the namespace sent on the request'],
    ['no target name', 'p', { kind: 'Binding', apiVersion: 'v1', metadata: { name: 'p' }, target: {} }, 500, 'target.name: Required value'],
    ['target kind', 'p', { kind: 'Binding', apiVersion: 'v1', metadata: { name: 'p' }, target: { kind: 'Pod', name: 'x' } }, 500, 'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"'],
    ['scheduling gates', 'gated', binding('gated', 'node-1'), 409, 'Operation cannot be fulfilled on pods/binding "gated": pod gated has non-empty .spec.schedulingGates'],
    ['uid precondition', 'gated', binding('gated', 'node-1', { uid: 'nope' }), 409, `Operation cannot be fulfilled on pods "gated": Precondition failed: UID in precondition: nope, UID in object meta: ${uid}`],
    ['wrong kind of body', 'p', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } }, 400, 'Pod in version "v1" cannot be handled as a Binding: the kind in the data (Pod) does not match the expected kind (Binding)'],
  ];
  for (const [what, name, body, code, message] of cases) {
    const r = await s.req('POST', `${pods}/${name}/binding`, body);
    t.equal(r.status, code, what);
    t.equal(r.body.message, message, what);
  }
  t.equal((await s.req('GET', `${pods}/p/binding`)).status, 405, 'binding is POST only');

  // A Binding in protobuf (metadata = 1, target = 2 with kind = 1, name = 3), as kube-scheduler sends it.
  await s.req('POST', pods, pod('proto'));
  const proto = envelope('v1', 'Binding', concat(pb.message(1, objectMeta({ name: 'proto' })), pb.message(2, concat(pb.string(1, 'Node'), pb.string(3, 'node-3')))));
  const viaProtobuf = await s.req('POST', `${pods}/proto/binding`, proto, { 'content-type': 'application/vnd.kubernetes.protobuf' });
  t.equal(viaProtobuf.status, 201, viaProtobuf.text);
  t.equal((await s.req('GET', `${pods}/proto`)).body.spec.nodeName, 'node-3');
  t.equal((await s.req('POST', '/api/v1/namespaces/default/services/x/binding', {})).status, 404, 'only pods have it');
});

t.test('graceful pod deletion', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('unbound'));
  const del = await s.req('DELETE', `${pods}/unbound`);
  t.equal(del.status, 200);
  t.equal(del.body.kind, 'Status', 'an unbound pod goes at once');
  t.equal((await s.req('GET', `${pods}/unbound`)).status, 404);

  await s.req('POST', pods, pod('bound', { nodeName: 'node-1', terminationGracePeriodSeconds: 20 }));
  const before = Date.now();
  const marked = await s.req('DELETE', `${pods}/bound`);
  t.equal(marked.status, 200, 'kube answers 200 with the pod');
  t.equal(marked.body.kind, 'Pod');
  t.equal(marked.body.metadata.deletionGracePeriodSeconds, 20);
  const at = Date.parse(marked.body.metadata.deletionTimestamp);
  t.ok(at >= Math.floor(before / 1000) * 1000 + 19_000 && at <= Date.now() + 21_000, 'deletionTimestamp = now + grace period');

  const again = await s.req('DELETE', `${pods}/bound`);
  t.equal(again.body.metadata.deletionTimestamp, marked.body.metadata.deletionTimestamp, 'a second delete changes nothing');
  const shorter = await s.req('DELETE', `${pods}/bound?gracePeriodSeconds=5`);
  t.equal(shorter.body.metadata.deletionGracePeriodSeconds, 5, 'a shorter grace period is taken');
  t.equal(Date.parse(shorter.body.metadata.deletionTimestamp), at - 15_000, 'and the timestamp moves by the difference');
  const status = await s.req('PATCH', `${pods}/bound/status`, { status: { phase: 'Running' } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(status.status, 200, 'a terminating pod can still be updated');
  t.equal((await s.req('GET', `${pods}/bound`)).status, 200, 'and is still there');
  const now = await s.req('DELETE', `${pods}/bound`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
  t.equal(now.status, 200);
  t.equal(now.body.kind, 'Status');
  t.equal((await s.req('GET', `${pods}/bound`)).status, 404, 'grace period 0 deletes it');

  await s.req('POST', pods, pod('forced', { nodeName: 'node-1' }));
  const r = await kubectl(s, ['delete', 'pod', 'forced', '--grace-period=0', '--force']);
  t.equal(r.code, 0, r.stderr);
  t.equal((await s.req('GET', `${pods}/forced`)).status, 404, 'kubectl delete --force --grace-period=0 removes it');
  await s.req('POST', pods, pod('default-grace', { nodeName: 'node-1' }));
  t.equal((await s.req('DELETE', `${pods}/default-grace`)).body.metadata.deletionGracePeriodSeconds, 30, 'the default grace period is 30 s');
});

t.test('a pod is created Pending with its QoS class', async (t) => {
  const s = await startTestServer(t);
  const cases: Array<[string, Record<string, unknown> | undefined, string]> = [
    ['none', undefined, 'BestEffort'],
    ['burst', { requests: { cpu: '100m' } }, 'Burstable'],
    ['guar', { limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
  ];
  for (const [name, resources, qos] of cases) {
    const r = await s.req('POST', pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', resources }] } });
    t.match(r.body.status, { phase: 'Pending', qosClass: qos }, name);
  }
});

t.test('discovery lists pods/binding as kube does (create only, kind Binding)', async (t) => {
  const s = await startTestServer(t);
  const list = (await s.req('GET', '/api/v1')).body;
  t.same(list.resources.find((r: { name: string }) => r.name === 'pods/binding'), { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  const agg = (await s.req('GET', '/api', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).body;
  const pods = agg.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
  t.same(pods.subresources.find((x: { subresource: string }) => x.subresource === 'binding'), { subresource: 'binding', responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] });
});

t.test('a JSON patch of pod status testing another uid is refused (the kubelet writes status this way)', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('p'));
  const jsonPatch = { 'content-type': 'application/json-patch+json' };
  const stale = await s.req('PATCH', `${pods}/p/status`, [{ op: 'test', path: '/metadata/uid', value: 'old-uid' }, { op: 'add', path: '/status', value: { phase: 'Running' } }], jsonPatch);
  t.equal(stale.status, 422, stale.text);
  t.equal((await s.req('GET', `${pods}/p`)).body.status.phase, 'Pending', 'nothing written');
  const uid = (await s.req('GET', `${pods}/p`)).body.metadata.uid;
  const ok = await s.req('PATCH', `${pods}/p/status`, [{ op: 'test', path: '/metadata/uid', value: uid }, { op: 'add', path: '/status', value: { phase: 'Running' } }], jsonPatch);
  t.equal(ok.status, 200);
  t.equal(ok.body.status.phase, 'Running');
});
