/**
 * pods/eviction (policy/v1 Eviction, what kubectl drain sends) against a running server: the pod
 * is deleted exactly as a DELETE with the Eviction's deleteOptions deletes it, answered as
 * kube-apiserver answers, and listed in discovery where kubectl looks for it.
 */
import { concat, envelope, objectMeta, pb } from '@miniplane/api/testing';
import t from 'tap';
import { startTestServer } from './harness.js';

const pods = '/api/v1/namespaces/default/pods';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const eviction = (name: string, deleteOptions?: Record<string, unknown>, meta: Record<string, unknown> = {}, apiVersion = 'policy/v1') => ({
  apiVersion, kind: 'Eviction', metadata: { name, ...meta }, ...(deleteOptions && { deleteOptions }),
});
const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

t.test('an eviction deletes the pod as a DELETE does', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('unbound'));
  const gone = await s.req('POST', `${pods}/unbound/eviction`, eviction('unbound'));
  t.equal(gone.status, 201);
  t.same(gone.body, success);
  t.equal((await s.req('GET', `${pods}/unbound`)).status, 404, 'an unbound pod goes at once');

  await s.req('POST', pods, pod('bound', { nodeName: 'node-1', terminationGracePeriodSeconds: 20 }));
  t.same((await s.req('POST', `${pods}/bound/eviction`, eviction('bound', {}))).body, success);
  const marked = (await s.req('GET', `${pods}/bound`)).body;
  t.equal(marked.metadata.deletionGracePeriodSeconds, 20, "a bound pod is marked with its own grace period");
  t.type(marked.metadata.deletionTimestamp, 'string');

  t.equal((await s.req('POST', `${pods}/bound/eviction`, eviction('bound', { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 5 }))).status, 201);
  t.equal((await s.req('GET', `${pods}/bound`)).body.metadata.deletionGracePeriodSeconds, 5, "the Eviction's gracePeriodSeconds shortens it");
  t.equal((await s.req('POST', `${pods}/bound/eviction`, eviction('bound', { gracePeriodSeconds: 0 }))).status, 201);
  t.equal((await s.req('GET', `${pods}/bound`)).status, 404, 'grace period 0 deletes it');

  await s.req('POST', pods, pod('v1beta1', { nodeName: 'node-1' }));
  t.equal((await s.req('POST', `${pods}/v1beta1/eviction`, eviction('v1beta1', undefined, {}, 'policy/v1beta1'))).status, 201, 'policy/v1beta1 is accepted, as kube does');
  t.equal((await s.req('GET', `${pods}/v1beta1`)).body.metadata.deletionGracePeriodSeconds, 30, 'the default grace period is 30 s');
});

t.test('an Eviction in protobuf, as typed clients configured for it send one', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('p', { nodeName: 'node-1' }));
  const protobuf = { 'content-type': 'application/vnd.kubernetes.protobuf' };
  // metadata = 1, deleteOptions = 2 (gracePeriodSeconds = 1)
  const body = envelope('policy/v1', 'Eviction', concat(pb.message(1, objectMeta({ name: 'p', namespace: 'default' })), pb.message(2, pb.varint(1, 7))));
  const r = await s.req('POST', `${pods}/p/eviction`, body, protobuf);
  t.equal(r.status, 201, r.text);
  t.equal((await s.req('GET', `${pods}/p`)).body.metadata.deletionGracePeriodSeconds, 7);
  const pod2 = await s.req('POST', `${pods}/p/eviction`, envelope('v1', 'Pod', pb.message(1, objectMeta({ name: 'p' }))), protobuf);
  t.equal(pod2.status, 400, 'another kind is refused');
});

t.test('dry run and preconditions', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.req('POST', pods, pod('p', { nodeName: 'node-1' }))).body;
  const dry = await s.req('POST', `${pods}/p/eviction?dryRun=All`, eviction('p'));
  t.same(dry.body, success);
  const dryInBody = await s.req('POST', `${pods}/p/eviction`, eviction('p', { dryRun: ['All'] }));
  t.same(dryInBody.body, success);
  t.notOk((await s.req('GET', `${pods}/p`)).body.metadata.deletionTimestamp, 'a dry run (query or deleteOptions) changes nothing');
  const mismatch = await s.req('POST', `${pods}/p/eviction?dryRun=All`, eviction('p', { dryRun: ['All', 'All'] }));
  t.equal(mismatch.status, 500);
  t.equal(mismatch.body.message, 'Non-matching dry-run options in request and content: [All] and [All All]');

  const uid = { preconditions: { uid: 'not-the-uid' } };
  const viaDelete = await s.req('DELETE', `${pods}/p`, { kind: 'DeleteOptions', apiVersion: 'v1', ...uid });
  const viaEviction = await s.req('POST', `${pods}/p/eviction`, eviction('p', uid));
  t.equal(viaEviction.status, 409);
  t.equal(viaEviction.body.message, viaDelete.body.message, 'the same Conflict as a DELETE with that precondition');
  const rv = await s.req('POST', `${pods}/p/eviction`, eviction('p', { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } }));
  t.equal(rv.status, 201, 'matching preconditions let it through');
  t.ok((await s.req('GET', `${pods}/p`)).body.metadata.deletionTimestamp);
});

t.test('bad evictions get kube errors and change nothing', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', pods, pod('p', { nodeName: 'node-1' }));
  const cases: Array<[string, string, unknown, number, string | RegExp]> = [
    ['missing pod', 'nope', eviction('nope'), 404, 'pods "nope" not found'],
    ['name mismatch', 'p', eviction('other'), 400, 'name in URL does not match name in Eviction object'],
    ['no name', 'p', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: {} }, 400, 'name in URL does not match name in Eviction object'],
    ['namespace mismatch', 'p', eviction('p', undefined, { namespace: 'kube-system' }), 400, 'the namespace of the provided object does not match the namespace sent on the request'],
    ['wrong kind', 'p', { apiVersion: 'policy/v1', kind: 'Pod', metadata: { name: 'p' } }, 400, /^Pod in version "v1" cannot be handled as a Eviction: /],
    ['wrong group', 'p', { apiVersion: 'apps/v1', kind: 'Eviction', metadata: { name: 'p' } }, 400, 'the API version in the data (apps/v1) does not match the expected API version (policy/v1)'],
    ['wrong JSON type', 'p', eviction('p', { gracePeriodSeconds: '5' }), 400, 'Eviction in version "v1" cannot be handled as a Eviction: json: cannot unmarshal string into Go struct field DeleteOptions.deleteOptions.gracePeriodSeconds of type int64'],
    ['bad propagationPolicy', 'p', eviction('p', { propagationPolicy: 'Nope' }), 422, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Nope": supported values: "Foreground", "Background", "Orphan", "nil"'],
    ['not an object', 'p', [], 400, /^the object provided is unrecognized \(must be of type Eviction\)/],
  ];
  for (const [what, name, body, code, message] of cases) {
    const r = await s.req('POST', `${pods}/${name}/eviction`, body);
    t.equal(r.status, code, what);
    t.match(r.body.message, message, what);
  }
  t.notOk((await s.req('GET', `${pods}/p`)).body.metadata.deletionTimestamp, 'the pod is untouched');
  t.equal((await s.req('GET', `${pods}/p/eviction`)).status, 405, 'eviction is POST only');
  t.equal((await s.req('POST', '/api/v1/namespaces/default/services/x/eviction', eviction('x'))).status, 404, 'only pods have it');
});

t.test('discovery lists pods/eviction as kube does (create only, policy/v1 Eviction)', async (t) => {
  const s = await startTestServer(t);
  const list = (await s.req('GET', '/api/v1')).body;
  const names = list.resources.map((r: { name: string }) => r.name).filter((n: string) => n.startsWith('pods'));
  t.same(names, ['pods', 'pods/binding', 'pods/eviction', 'pods/log', 'pods/status'], "in kube's order");
  t.same(list.resources.find((r: { name: string }) => r.name === 'pods/eviction'), {
    name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'],
  });
  const agg = (await s.req('GET', '/api', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).body;
  const podsEntry = agg.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
  t.same(podsEntry.subresources.find((x: { subresource: string }) => x.subresource === 'eviction'), {
    subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'],
  });
});
