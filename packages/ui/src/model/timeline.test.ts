import t from 'tap';
import { Timeline, type EventLike, type TimelineFilter } from './timeline.js';

const meta = (name: string, namespace = 'default', resourceVersion = '1') => ({ name, namespace, resourceVersion });
const event = (over: Partial<EventLike> = {}): EventLike => ({
  metadata: meta('web-1.17f', 'default', '9'), type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-1 to node-1',
  count: 1, involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' }, ...over,
});

function filled(): Timeline {
  const tl = new Timeline({ capacity: 10 });
  tl.addWatch('ADDED', 'Pod', meta('web-1', 'default', '5'), 1);
  tl.addWatch('ADDED', 'Service', meta('web', 'default', '6'), 2);
  tl.addWatch('ADDED', 'Pod', meta('db-1', 'shop', '7'), 3);
  tl.addWatch('ADDED', 'Node', { name: 'node-1', resourceVersion: '8' }, 4);
  tl.addEvent(event(), 5);
  tl.addEvent(event({ metadata: meta('web.17a', 'default', '10'), reason: 'ScalingReplicaSet', involvedObject: { kind: 'Deployment', namespace: 'default', name: 'web' } }), 6);
  return tl;
}

t.test('rows keep kind, namespace/name, resourceVersion and Event fields', async (t) => {
  const tl = new Timeline();
  const added = tl.addWatch('ADDED', 'Pod', meta('web-1', 'default', '5'), 100);
  const modified = tl.addWatch('MODIFIED', 'Pod', meta('web-1', 'default', '6'), 101);
  const deleted = tl.addWatch('DELETED', 'Pod', meta('web-1', 'default', '7'), 102);
  const ev = tl.addEvent(event({ count: 3 }), 103);
  t.same([added.seq, modified.seq, deleted.seq, ev.seq], [1, 2, 3, 4]);
  t.same(tl.rows().map((r) => [r.source, r.type, r.kind, r.namespace, r.name, r.resourceVersion]), [
    ['watch', 'ADDED', 'Pod', 'default', 'web-1', '5'],
    ['watch', 'MODIFIED', 'Pod', 'default', 'web-1', '6'],
    ['watch', 'DELETED', 'Pod', 'default', 'web-1', '7'],
    ['event', 'Normal', 'Event', 'default', 'web-1.17f', '9'],
  ]);
  t.match(ev, { reason: 'Scheduled', count: 3, message: 'Successfully assigned default/web-1 to node-1', involved: { kind: 'Pod', namespace: 'default', name: 'web-1' } });
});

t.test('events.k8s.io/v1 field names are read when core/v1 ones are absent', async (t) => {
  const tl = new Timeline();
  const ev = tl.addEvent({ metadata: meta('x'), reason: 'Killing', note: 'Stopping container', series: { count: 4 }, regarding: { kind: 'Pod', namespace: 'default', name: 'p' } }, 1);
  t.match(ev, { type: 'Normal', message: 'Stopping container', count: 4, involved: { kind: 'Pod', name: 'p' } });
  // A bare Event (no count, no involved object) is still a row: count 1 as kubectl shows it.
  const bare = tl.addEvent({ metadata: {} }, 2);
  t.match(bare, { count: 1, reason: '', involved: { kind: '', namespace: '', name: '' }, namespace: '', name: '' });
});

const filters: Array<{ name: string; filter: TimelineFilter; want: string[] }> = [
  { name: 'no filter: everything, oldest first', filter: {}, want: ['web-1', 'web', 'db-1', 'node-1', 'web-1.17f', 'web.17a'] },
  { name: 'namespace', filter: { namespace: 'shop' }, want: ['db-1'] },
  // Cluster-scoped objects have no namespace: a namespace filter hides them.
  { name: 'namespace hides cluster-scoped rows', filter: { namespace: 'default' }, want: ['web-1', 'web', 'web-1.17f', 'web.17a'] },
  // An Event row matches its involved object's kind as well as "Event".
  { name: 'kind Pod: pod watch rows and Events about pods', filter: { kind: 'Pod' }, want: ['web-1', 'db-1', 'web-1.17f'] },
  { name: 'kind Event: only Events', filter: { kind: 'Event' }, want: ['web-1.17f', 'web.17a'] },
  { name: 'kind Deployment: the Event about one', filter: { kind: 'Deployment' }, want: ['web.17a'] },
  { name: 'both', filter: { namespace: 'default', kind: 'Service' }, want: ['web'] },
  { name: 'no match', filter: { namespace: 'nope' }, want: [] },
];

t.test('filters', async (t) => {
  const tl = filled();
  for (const c of filters) t.test(c.name, async (t) => t.same(tl.rows(c.filter).map((r) => r.name), c.want));
});

t.test('facets list the namespaces and kinds present, Event involved kinds included', async (t) => {
  t.same(filled().facets(), { namespaces: ['default', 'shop'], kinds: ['Deployment', 'Event', 'Node', 'Pod', 'Service'] });
});

t.test('bounded: keeps the last N rows in order, seq keeps counting', async (t) => {
  const tl = new Timeline({ capacity: 3 });
  for (let i = 1; i <= 8; i++) tl.addWatch('MODIFIED', 'Pod', meta(`p${i}`, 'default', String(i)), i);
  t.equal(tl.size, 3);
  t.same(tl.rows().map((r) => [r.seq, r.name]), [[6, 'p6'], [7, 'p7'], [8, 'p8']]);
  t.equal(tl.version, 9);
  // Exactly at capacity (the ring's wrap point) the order is still oldest first.
  const exact = new Timeline({ capacity: 2 });
  exact.addWatch('ADDED', 'Pod', meta('a'), 1);
  exact.addWatch('ADDED', 'Pod', meta('b'), 2);
  t.same(exact.rows().map((r) => r.name), ['a', 'b']);
  exact.clear();
  t.same(exact.rows(), []);
  exact.addWatch('ADDED', 'Pod', meta('c'), 3);
  t.same(exact.rows().map((r) => [r.seq, r.name]), [[3, 'c']]);
});

t.test('a bad capacity is refused', async (t) => {
  // 0, negative and fractional capacities would make a ring that never keeps or misindexes rows.
  for (const capacity of [0, -1, 1.5, Number.NaN]) t.throws(() => new Timeline({ capacity }), RangeError, String(capacity));
});

t.test('100,000 rows through a 1,000 ring stay bounded', async (t) => {
  const tl = new Timeline();
  for (let i = 0; i < 100_000; i++) tl.addWatch('MODIFIED', 'Pod', meta(`p${i}`), i);
  t.equal(tl.size, 1000);
  t.equal(tl.rows()[0]!.name, 'p99000');
  t.equal(tl.rows().at(-1)!.name, 'p99999');
});
