import t from 'tap';
import { LeaderElector, leaseLock, type Lease } from '../src/leaderElection.js';
import { eventually, startTestServer, type Harness } from './server.js';

// Real clock, short timings: lease 1.5 s, renew deadline 1 s, retry 0.2 s.
const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };

function elector(h: Harness, identity: string, releaseOnCancel = false): { le: LeaderElector; events: string[] } {
  const events: string[] = [];
  const le = new LeaderElector({
    ...timing, identity, releaseOnCancel, namespace: 'kube-system', name: 'controllers',
    lock: leaseLock(h.res<Lease>('leases'), 'kube-system', 'controllers'),
    callbacks: {
      onStartedLeading: () => void events.push('started'),
      onStoppedLeading: () => void events.push('stopped'),
      onNewLeader: (id) => void events.push(`leader ${id}`),
    },
  });
  return { le, events };
}

t.test('one leader among two; the Lease records it; release hands over', async (t) => {
  const h = await startTestServer(t);
  await h.res('namespaces').create({ metadata: { name: 'kube-system' } }).catch(() => undefined); // may be bootstrapped
  const a = elector(h, 'a', true);
  const b = elector(h, 'b', true);
  await a.le.start();
  await eventually(() => a.le.isLeader(), 3000, 'a leads');
  await b.le.start();
  t.teardown(() => Promise.all([a.le.stop(), b.le.stop()]));
  await new Promise((r) => setTimeout(r, 2000)); // longer than the lease: renewals keep it
  t.ok(a.le.isLeader());
  t.notOk(b.le.isLeader());
  t.equal(b.le.getLeader(), 'a');
  const lease = await h.res<Lease>('leases', 'kube-system').get('controllers');
  t.match(lease.spec, { holderIdentity: 'a', leaseDurationSeconds: 2, leaseTransitions: 0 });
  t.match(lease.spec?.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'MicroTime');

  const stoppedAt = Date.now();
  await a.le.stop();
  t.same(a.events, ['leader a', 'started', 'stopped']);
  await eventually(() => b.le.isLeader(), 3000, 'b takes over');
  t.ok(Date.now() - stoppedAt < 1500, 'released: no need to wait for expiry');
  const after = await h.res<Lease>('leases', 'kube-system').get('controllers');
  t.match(after.spec, { holderIdentity: 'b', leaseTransitions: 1 });
  t.same(b.events, ['leader a', 'leader b', 'started']);
});

t.test('without release the successor waits for the lease to expire', async (t) => {
  const h = await startTestServer(t);
  await h.res('namespaces').create({ metadata: { name: 'kube-system' } }).catch(() => undefined);
  const a = elector(h, 'a');
  const b = elector(h, 'b');
  await a.le.start();
  await eventually(() => a.le.isLeader(), 3000, 'a leads');
  await b.le.start();
  t.teardown(() => b.le.stop());
  await new Promise((r) => setTimeout(r, 300));
  const stoppedAt = Date.now();
  await a.le.stop();
  await eventually(() => b.le.isLeader(), 5000, 'b takes over');
  const waited = Date.now() - stoppedAt;
  t.ok(waited >= 1000, `waited ${waited} ms for expiry`);
});
