import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('limit + continue walk a consistent snapshot with remainingItemCount', async (t) => {
  const s = await startTestServer(t);
  for (let i = 0; i < 25; i++) await s.req('POST', cms, configMap(`cm-${String(i).padStart(2, '0')}`));
  const p1 = await s.req('GET', `${cms}?limit=10`);
  t.equal(p1.body.items.length, 10);
  t.equal(p1.body.metadata.remainingItemCount, 15);
  t.ok(p1.body.metadata.continue);
  // Writes after the first page must not show in later pages.
  await s.req('POST', cms, configMap('cm-99'));
  await s.req('DELETE', `${cms}/cm-20`);
  const p2 = await s.req('GET', `${cms}?limit=10&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
  t.equal(p2.body.metadata.resourceVersion, p1.body.metadata.resourceVersion, 'same snapshot');
  const p3 = await s.req('GET', `${cms}?limit=10&continue=${encodeURIComponent(p2.body.metadata.continue)}`);
  t.notOk(p3.body.metadata.continue, 'last page has no continue');
  const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((o: { metadata: { name: string } }) => o.metadata.name);
  t.equal(names.length, 25);
  t.ok(names.includes('cm-20'), 'deleted after the snapshot: still listed');
  t.notOk(names.includes('cm-99'), 'created after the snapshot: not listed');
  t.same(names, [...names].sort(), 'key order');
});

t.test('a continue token whose snapshot was compacted is 410 Expired; a garbled one is 400', async (t) => {
  const s = await startTestServer(t);
  for (let i = 0; i < 5; i++) await s.req('POST', cms, configMap(`cm-${i}`));
  const p1 = await s.req('GET', `${cms}?limit=2`);
  await s.req('POST', cms, configMap('later'));
  s.server.log.forceCompact(s.server.log.currentRevision);
  const p2 = await s.req('GET', `${cms}?limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
  t.equal(p2.status, 410);
  t.equal(p2.body.reason, 'Expired');
  t.equal(p2.body.message, 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  const bad = await s.req('GET', `${cms}?limit=2&continue=not-a-token`);
  t.equal(bad.status, 400);
  t.equal(bad.body.reason, 'BadRequest');
});

t.test('selectors with pagination: pages hold only matches, no remainingItemCount', async (t) => {
  const s = await startTestServer(t);
  for (let i = 0; i < 12; i++) await s.req('POST', cms, configMap(`cm-${String(i).padStart(2, '0')}`, {}, { parity: i % 2 ? 'odd' : 'even' }));
  const p1 = await s.req('GET', `${cms}?limit=4&labelSelector=parity%3Deven`);
  t.equal(p1.body.items.length, 4);
  t.notOk('remainingItemCount' in p1.body.metadata);
  const p2 = await s.req('GET', `${cms}?limit=4&labelSelector=parity%3Deven&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
  t.equal(p2.body.items.length, 2);
  t.notOk(p2.body.metadata.continue);
});
