/**
 * Response bodies byte for byte as kube-apiserver writes them (its JSON serializer is Go's
 * json.Encoder: struct field order, `<>&` escaped, a newline after each object): Statuses, a
 * created object, a list, a watch event, /version (WriteRawJSON: indented, no newline). The
 * expected texts are kube's documented shapes with this server's uid, times and resourceVersions
 * filled in.
 */
import t from 'tap';
import { startTestServer } from './harness.js';

const curl = { 'user-agent': 'curl/8.5.0' };
const cms = '/api/v1/namespaces/default/configmaps';

t.test('Status: kind, apiVersion, metadata, status, message, reason, details, code, then a newline', async (t) => {
  const s = await startTestServer(t);
  const nf = await s.req('GET', '/api/v1/namespaces/nope');
  t.equal(nf.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","kind":"namespaces"},"code":404}\n');
  const grouped = await s.req('GET', '/apis/apps/v1/namespaces/default/deployments/web');
  t.equal(grouped.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}\n');
  await s.req('POST', cms, { metadata: { name: 'a' } });
  const dup = await s.req('POST', cms, { metadata: { name: 'a' } });
  t.equal(dup.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"a\\" already exists","reason":"AlreadyExists","details":{"name":"a","kind":"configmaps"},"code":409}\n');
  const invalid = await s.req('POST', cms, { metadata: { name: 'Bad_Name' } });
  t.equal(
    invalid.text,
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ConfigMap \\"Bad_Name\\" is invalid: metadata.name: Invalid value: \\"Bad_Name\\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')","reason":"Invalid","details":{"name":"Bad_Name","kind":"ConfigMap","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \\"Bad_Name\\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')","field":"metadata.name"}]},"code":422}\n',
  );
});

t.test('objects: kind first, ObjectMeta in its Go order, HTML characters escaped, a newline; lists and watch events too', async (t) => {
  const s = await startTestServer(t);
  // Sent in an order kube would not write back.
  const sent = { data: { page: '<a href="x">&</a>' }, metadata: { labels: { app: 'web' }, namespace: 'default', name: 'cm' }, apiVersion: 'v1', kind: 'ConfigMap' };
  const created = await s.req('POST', cms, sent, curl);
  const m = created.body.metadata;
  const fields = '{"f:data":{".":{},"f:page":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}';
  const meta = `{"name":"cm","namespace":"default","uid":"${m.uid}","resourceVersion":"${m.resourceVersion}","creationTimestamp":"${m.creationTimestamp}","labels":{"app":"web"},"managedFields":[{"manager":"curl","operation":"Update","apiVersion":"v1","time":"${m.managedFields[0].time}","fieldsType":"FieldsV1","fieldsV1":${fields}}]}`;
  const data = '{"page":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}';
  t.equal(created.text, `{"kind":"ConfigMap","apiVersion":"v1","metadata":${meta},"data":${data}}\n`);
  t.equal((await s.req('GET', `${cms}/cm`)).text, created.text, 'a get answers the same bytes');

  const list = await s.req('GET', cms);
  t.equal(list.text, `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${list.body.metadata.resourceVersion}"},"items":[{"metadata":${meta},"data":${data}}]}\n`);

  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const res = await fetch(`${s.url}${cms}?watch=1&resourceVersion=0`, { signal: ac.signal });
  const reader = res.body!.getReader();
  let text = '';
  while (!text.endsWith('\n')) text += new TextDecoder().decode((await reader.read()).value);
  t.equal(text, `{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":${meta},"data":${data}}}\n`);
});

t.test('ownerReferences in their Go order; /version indented without a newline', async (t) => {
  const s = await startTestServer(t);
  const owner = { uid: 'u-1', name: 'o', kind: 'ConfigMap', apiVersion: 'v1', blockOwnerDeletion: false, controller: true };
  const r = await s.req('POST', cms, { metadata: { name: 'owned', ownerReferences: [owner] } });
  t.match(r.text, /"ownerReferences":\[\{"apiVersion":"v1","kind":"ConfigMap","name":"o","uid":"u-1","controller":true,"blockOwnerDeletion":false\}\]/);
  const v = await s.req('GET', '/version');
  t.match(v.text, /^\{\n {2}"major": "1",\n {2}"minor": "33",\n {2}"gitVersion": /);
  t.ok(v.text.endsWith('\n}'), 'no trailing newline');
});
