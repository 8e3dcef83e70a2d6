import t from 'tap';
import { startServer } from '../src/index.js';
import { configMap, request, tempDir } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('restart on the same data dir: objects, resourceVersions and the next revision', async (t) => {
  const dir = tempDir(t);
  const a = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  const created = [];
  for (let i = 0; i < 10; i++) created.push((await request(a.url, 'POST', cms, configMap(`cm-${i}`, { i: String(i) }))).body);
  await request(a.url, 'DELETE', `${cms}/cm-3`);
  const before = (await request(a.url, 'GET', cms)).body;
  await a.close();

  const b = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  t.teardown(() => b.close());
  const after = (await request(b.url, 'GET', cms)).body;
  t.same(after.items, before.items, 'every object as before, resourceVersions included');
  t.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'list resourceVersion as before');
  const next = (await request(b.url, 'POST', cms, configMap('new'))).body;
  t.ok(Number(next.metadata.resourceVersion) > Number(before.metadata.resourceVersion), 'next resourceVersion strictly greater');
  const ns = (await request(b.url, 'GET', '/api/v1/namespaces')).body.items.length;
  t.equal(ns, 4, 'bootstrap namespaces not duplicated');
});

t.test('compaction keeps the state and drops history', async (t) => {
  const dir = tempDir(t);
  const s = await startServer({ listen: '127.0.0.1:0', dataDir: dir, keepRevisions: 5, keepMillis: 0 });
  t.teardown(() => s.close());
  await request(s.url, 'POST', cms, configMap('x', { n: '0' }));
  for (let i = 1; i <= 20; i++) {
    const cur = (await request(s.url, 'GET', `${cms}/x`)).body;
    await request(s.url, 'PUT', `${cms}/x`, { ...cur, data: { n: String(i) } });
  }
  s.log.compact();
  t.ok(s.log.compactRevision >= s.log.currentRevision - 5, 'compacted up to the window');
  t.same((await request(s.url, 'GET', `${cms}/x`)).body.data, { n: '20' });
  const w = await fetch(`${s.url}${cms}?watch=1&resourceVersion=1`);
  const line = (await w.text()).split('\n')[0]!;
  const ev = JSON.parse(line);
  t.equal(ev.type, 'ERROR');
  t.equal(ev.object.code, 410);
  t.match(ev.object.message, /^too old resource version: 1 \(\d+\)$/);
});
