/**
 * Metadata-only reads (client-go's metadata client and informers, controller-runtime's
 * OnlyMetadata): `as=PartialObjectMetadataList` on lists, `as=PartialObjectMetadata` on a get and
 * in watches, v1 and v1beta1, the combined Accept list client-go sends, and kube's 406s.
 */
import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';
const asList = (v = 'v1') => ({ accept: `application/json;as=PartialObjectMetadataList;v=${v};g=meta.k8s.io` });
const asOne = (v = 'v1') => ({ accept: `application/json;as=PartialObjectMetadata;v=${v};g=meta.k8s.io` });
// What client-go's metadata client sends for a list (protobuf first; miniplane answers JSON).
const clientGoList = 'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

t.test('lists and gets answer metadata only', async (t) => {
  const s = await startTestServer(t);
  for (const n of ['a', 'b', 'c']) await s.req('POST', cms, configMap(n, { big: 'x'.repeat(1000) }, { app: n }));
  const full = (await s.req('GET', cms)).body;

  const list = await s.req('GET', cms, undefined, asList());
  t.equal(list.status, 200);
  t.equal(list.headers.get('content-type'), 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io');
  t.equal(list.body.kind, 'PartialObjectMetadataList');
  t.equal(list.body.apiVersion, 'meta.k8s.io/v1');
  t.equal(list.body.metadata.resourceVersion, full.metadata.resourceVersion);
  t.same(list.body.items, full.items.map((o: { metadata: unknown }) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })));
  t.notOk(list.text.includes('xxxx'), 'no data');
  t.ok(list.text.endsWith('}\n'));

  const beta = await s.req('GET', cms, undefined, asList('v1beta1'));
  t.equal(beta.body.apiVersion, 'meta.k8s.io/v1beta1');
  t.equal(beta.body.items[0].apiVersion, 'meta.k8s.io/v1beta1');

  const combined = await s.req('GET', cms, undefined, { accept: clientGoList });
  t.equal(combined.body.kind, 'PartialObjectMetadataList', 'the JSON clause after the protobuf one');

  const page = await s.req('GET', `${cms}?limit=2&labelSelector=app!%3Db`, undefined, asList());
  t.same(page.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['a', 'c']);
  const paged = await s.req('GET', `${cms}?limit=1`, undefined, asList());
  t.ok(paged.body.metadata.continue, 'paging metadata kept');
  t.equal(paged.body.metadata.remainingItemCount, 2);

  const one = await s.req('GET', `${cms}/b`, undefined, asOne());
  t.equal(one.headers.get('content-type'), 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io');
  t.same(one.body, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: full.items[1].metadata });
  const plainFallback = await s.req('GET', `${cms}/b`, undefined, { accept: 'application/json;as=Nope;v=v1;g=meta.k8s.io, application/json' });
  t.equal(plainFallback.body.kind, 'ConfigMap', 'an unknown conversion falls back to the next clause');
});

t.test('406s in kube words', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('a'));
  const listAsOne = await s.req('GET', cms, undefined, asOne());
  t.equal(listAsOne.status, 406);
  t.equal(listAsOne.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"you requested PartialObjectMetadata, but the requested object is a list (*core.ConfigMapList)","reason":"NotAcceptable","code":406}\n');
  const oneAsList = await s.req('GET', `${cms}/a`, undefined, asList());
  t.equal(oneAsList.status, 406);
  t.equal(oneAsList.body.message, 'you requested PartialObjectMetadataList, but the requested object is not a list (*core.ConfigMap)');
  const html = await s.req('GET', cms, undefined, { accept: 'text/html' });
  t.equal(html.status, 406);
  t.equal(html.body.message, 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  t.equal(html.body.reason, 'NotAcceptable');
  const browser = await s.req('GET', cms, undefined, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
  t.equal(browser.body.kind, 'ConfigMapList', '*/* is acceptable');
  t.equal((await s.req('GET', `${cms}?watch=1`, undefined, { accept: 'text/plain' })).status, 406, 'a watch is refused before it starts');
});

t.test('a metadata watch: each event object is a PartialObjectMetadata', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.req('POST', cms, configMap('w', { k: 'v' }))).body;
  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const res = await fetch(`${s.url}${cms}?watch=1&resourceVersion=0`, { signal: ac.signal, headers: { accept: clientGoList.replaceAll('PartialObjectMetadataList', 'PartialObjectMetadata') } });
  t.equal(res.status, 200);
  const reader = res.body!.getReader();
  let text = '';
  while (!text.endsWith('\n')) text += new TextDecoder().decode((await reader.read()).value);
  t.same(JSON.parse(text), { type: 'ADDED', object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: created.metadata } });
  await s.req('DELETE', `${cms}/w`);
  while (text.split('\n').length < 3) text += new TextDecoder().decode((await reader.read()).value);
  const del = JSON.parse(text.split('\n')[1]!);
  t.equal(del.type, 'DELETED');
  t.equal(del.object.kind, 'PartialObjectMetadata');
  t.notOk('data' in del.object);
});

t.test('a Table asked in v1beta1 answers in v1beta1 (its rows objects too); v1 as before', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('a'));
  const beta = await s.req('GET', cms, undefined, { accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' });
  t.equal(beta.headers.get('content-type'), 'application/json;as=Table;v=v1beta1;g=meta.k8s.io');
  t.equal(beta.body.apiVersion, 'meta.k8s.io/v1beta1');
  t.equal(beta.body.rows[0].object.apiVersion, 'meta.k8s.io/v1beta1');
  const one = await s.req('GET', `${cms}/a`, undefined, { accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' });
  t.equal(one.body.apiVersion, 'meta.k8s.io/v1beta1');
  const v1 = await s.req('GET', cms, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json' });
  t.equal(v1.body.apiVersion, 'meta.k8s.io/v1');
  t.equal(v1.body.rows[0].object.apiVersion, 'meta.k8s.io/v1');
});
