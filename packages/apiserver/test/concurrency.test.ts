import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('stale resourceVersion is a 409 Conflict in kube words', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.req('POST', cms, configMap('a', { n: '0' }))).body;
  const first = await s.req('PUT', `${cms}/a`, { ...a, data: { n: '1' } });
  t.equal(first.status, 200);
  const stale = await s.req('PUT', `${cms}/a`, { ...a, data: { n: '2' } });
  t.equal(stale.status, 409);
  t.equal(stale.body.reason, 'Conflict');
  t.equal(stale.body.message, 'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
  t.same(stale.body.details, { name: 'a', kind: 'configmaps' });
});

t.test('two writers racing read-modify-write: one 409 each round, no lost update', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('counter', { n: '0' }));
  let conflicts = 0;
  const writer = async () => {
    for (let done = 0; done < 25; ) {
      const cur = (await s.req('GET', `${cms}/counter`)).body;
      const r = await s.req('PUT', `${cms}/counter`, { ...cur, data: { n: String(Number(cur.data.n) + 1) } });
      if (r.status === 200) done++;
      else {
        t.equal(r.status, 409);
        conflicts++;
      }
    }
  };
  await Promise.all([writer(), writer()]);
  const end = (await s.req('GET', `${cms}/counter`)).body;
  t.equal(end.data.n, '50', 'every acknowledged increment is there');
  t.ok(conflicts >= 0, `conflicts seen: ${conflicts}`);
});

t.test('unconditional PUT (no resourceVersion) wins', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.req('POST', cms, configMap('a'))).body;
  const { resourceVersion: _rv, ...meta } = a.metadata;
  const r = await s.req('PUT', `${cms}/a`, { ...a, metadata: meta, data: { k: 'v' } });
  t.equal(r.status, 200);
});

t.test('a no-op update writes nothing; a dry-run update answers the stored revision', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.req('POST', cms, configMap('a', { k: 'v' }))).body;
  const same = await s.req('PUT', `${cms}/a`, a);
  t.equal(same.status, 200);
  t.equal(same.body.metadata.resourceVersion, a.metadata.resourceVersion, 'no new revision');
  const noop = await s.req('PATCH', `${cms}/a`, {}, { 'content-type': 'application/merge-patch+json' });
  t.equal(noop.body.metadata.resourceVersion, a.metadata.resourceVersion);
  const dry = await s.req('PUT', `${cms}/a?dryRun=All`, { ...a, data: { k: 'w' } });
  t.equal(dry.status, 200);
  t.same(dry.body.data, { k: 'w' }, 'the would-be object');
  t.equal(dry.body.metadata.resourceVersion, a.metadata.resourceVersion, 'revision as stored');
  t.same((await s.req('GET', `${cms}/a`)).body.data, { k: 'v' }, 'nothing stored');
});
