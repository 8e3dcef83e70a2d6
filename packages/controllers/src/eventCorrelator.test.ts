import t from 'tap';
import { EventCorrelator, aggregatePrefix, type CorrelatedEvent } from './eventCorrelator.js';

const rsEvent = (message: string, o: Partial<CorrelatedEvent> = {}): CorrelatedEvent => ({
  component: 'replicaset-controller', host: '', object: ['ReplicaSet', 'default', 'web', 'u1', 'apps/v1'], type: 'Normal', reason: 'SuccessfulCreate', message, ...o,
});
const podEvent = (pod: string, reason: string) => rsEvent(`${reason} ${pod}`, { component: 'kubelet', host: 'node-1', object: ['Pod', 'default', pod, `uid-${pod}`, 'v1'], reason });
const t0 = Date.UTC(2026, 0, 1);

t.test('similar Events: 9 as themselves, then the combined one; past 25 per object, dropped', async (t) => {
  const c = new EventCorrelator();
  const out = Array.from({ length: 40 }, (_, i) => c.correlate(rsEvent(`Created pod: web-${i}`), t0 + i));
  t.same(out.slice(0, 9).map((o) => o?.message), Array.from({ length: 9 }, (_, i) => `Created pod: web-${i}`));
  t.same(new Set(out.slice(0, 9).map((o) => o?.key)).size, 9, 'each its own Event');
  const combined = out.slice(9, 25);
  t.ok(combined.every((o, i) => o?.message === `${aggregatePrefix}Created pod: web-${i + 9}`), 'the 10th to the 25th are combined');
  t.same(new Set(combined.map((o) => o?.key)).size, 1, 'all recorded on one Event');
  t.ok(out.slice(25).every((o) => o === undefined), 'the 26th on are dropped (no token)');
});

t.test('the spam filter: per source and object, refilled one per 5 minutes', async (t) => {
  const c = new EventCorrelator();
  const cases: Array<[string, CorrelatedEvent, number, boolean]> = [];
  for (let i = 0; i < 25; i++) cases.push([`token ${i + 1}`, rsEvent('same message'), t0, true]);
  cases.push(['26th at once: dropped', rsEvent('same message'), t0, false]);
  cases.push(['another reason, same object: dropped too', rsEvent('x', { reason: 'SuccessfulDelete' }), t0, false]);
  cases.push(['another object: its own bucket', rsEvent('same message', { object: ['ReplicaSet', 'default', 'api', 'u2', 'apps/v1'] }), t0, true]);
  cases.push(['another source: its own bucket', rsEvent('same message', { component: 'deployment-controller' }), t0, true]);
  cases.push(['4 minutes later: still no token', rsEvent('same message'), t0 + 240_000, false]);
  cases.push(['5 minutes later: one token', rsEvent('same message'), t0 + 300_000, true]);
  cases.push(['and only one', rsEvent('same message'), t0 + 300_001, false]);
  for (const [what, e, now, passes] of cases) t.equal(c.correlate(e, now) !== undefined, passes, what);
});

t.test("a pod's few Events all go out; similar messages reset after 10 quiet minutes", async (t) => {
  const c = new EventCorrelator();
  for (const pod of ['a', 'b', 'c']) {
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started']) t.equal(c.correlate(podEvent(pod, reason), t0)?.message, `${reason} ${pod}`);
  }
  const d = new EventCorrelator();
  for (let i = 0; i < 9; i++) d.correlate(rsEvent(`m${i}`), t0);
  t.equal(d.correlate(rsEvent('late'), t0 + 600_001)?.message, 'late', 'a gap over 10 minutes starts a new group');
  t.equal(d.correlate(rsEvent('m-next'), t0 + 600_002)?.message, 'm-next');
});
