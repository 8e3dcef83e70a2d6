import t from 'tap';
import { AlreadyExists, Conflict } from '@miniplane/api';
import { FakeClock, flush } from './testing/fakeClock.js';
import { LeaderElector, microTime, type Lease, type LeaseLock } from './leaderElection.js';

// Unit tests on an in-memory lock with optimistic concurrency; test/leaderElection.test.ts runs
// the same protocol against the real apiserver.

const gr = { group: 'coordination.k8s.io', resource: 'leases' };

class MemoryLease {
  lease: Lease | undefined;
  private rv = 0;
  writes = 0;
  down = false;
  lock(): LeaseLock {
    const check = (): void => {
      if (this.down) throw new Error('connect ECONNREFUSED');
    };
    return {
      get: async () => (check(), this.lease && structuredClone(this.lease)),
      create: async (l) => {
        check();
        if (this.lease) throw new AlreadyExists(gr, 'lock');
        return this.store(l);
      },
      update: async (l) => {
        check();
        if (l.metadata.resourceVersion !== this.lease?.metadata.resourceVersion) throw new Conflict(gr, 'lock');
        return this.store(l);
      },
    };
  }
  private store(l: Lease): Lease {
    this.writes++;
    this.lease = structuredClone({ ...l, metadata: { ...l.metadata, resourceVersion: String(++this.rv) } });
    return structuredClone(this.lease);
  }
}

interface Candidate {
  le: LeaderElector;
  events: string[];
  signal?: AbortSignal;
}

function candidate(clock: FakeClock, mem: MemoryLease, identity: string, releaseOnCancel = false): Candidate {
  const c: Candidate = { events: [], le: undefined as unknown as LeaderElector };
  c.le = new LeaderElector({
    lock: mem.lock(), namespace: 'kube-system', name: 'lock', identity, clock, random: () => 0, releaseOnCancel,
    callbacks: {
      onStartedLeading: (signal) => {
        c.signal = signal;
        c.events.push('started');
      },
      onStoppedLeading: () => void c.events.push('stopped'),
      onNewLeader: (id) => void c.events.push(`leader ${id}`),
    },
  });
  return c;
}

t.test('a lone candidate creates the Lease and leads', async (t) => {
  const clock = new FakeClock({ now: Date.parse('2025-01-01T00:00:00Z') });
  const mem = new MemoryLease();
  const a = candidate(clock, mem, 'a');
  await a.le.start();
  await flush();
  t.ok(a.le.isLeader());
  t.same(a.events, ['leader a', 'started']);
  t.same(mem.lease?.spec, {
    holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2025-01-01T00:00:00.000000Z', renewTime: '2025-01-01T00:00:00.000000Z', leaseTransitions: 0,
  });
  await clock.step(2000);
  t.equal(mem.lease?.spec?.renewTime, '2025-01-01T00:00:02.000000Z', 'renewed every retryPeriod');
  t.equal(mem.lease?.spec?.acquireTime, '2025-01-01T00:00:00.000000Z', 'acquireTime kept on renew');
  await a.le.stop();
  t.same(a.events, ['leader a', 'started', 'stopped']);
  t.ok(a.signal?.aborted, 'the leading signal aborts on stop');
  t.notOk(a.le.isLeader());
});

t.test('a standby takes over only after leaseDuration without renewals', async (t) => {
  const clock = new FakeClock();
  const mem = new MemoryLease();
  const a = candidate(clock, mem, 'a');
  const b = candidate(clock, mem, 'b');
  await a.le.start();
  await flush();
  await b.le.start();
  await clock.step(60_000);
  t.notOk(b.le.isLeader(), 'a keeps renewing, so b never acquires');
  t.same(b.events, ['leader a']);
  await a.le.stop(); // crash-like: no release
  const stoppedAt = clock.now();
  while (!b.le.isLeader()) await clock.step(100);
  const waited = clock.now() - stoppedAt;
  t.ok(waited >= 15_000 && waited <= 15_000 + 2_000, `took over after ${waited}ms`);
  t.same(b.events, ['leader a', 'leader b', 'started']);
  t.equal(mem.lease?.spec?.leaseTransitions, 1);
  t.equal(mem.lease?.spec?.acquireTime, microTime(mem.lease?.spec?.renewTime ? Date.parse(mem.lease.spec.renewTime) : 0));
  await b.le.stop();
});

t.test('releaseOnCancel hands the Lease over at once', async (t) => {
  const clock = new FakeClock();
  const mem = new MemoryLease();
  const a = candidate(clock, mem, 'a', true);
  const b = candidate(clock, mem, 'b');
  await a.le.start();
  await flush();
  await b.le.start();
  await flush();
  await a.le.stop();
  t.equal(mem.lease?.spec?.holderIdentity, '');
  t.equal(mem.lease?.spec?.leaseDurationSeconds, 1);
  await clock.step(2_000); // b's next retry
  t.ok(b.le.isLeader());
  await b.le.stop();
});

t.test('leadership is lost when renewals fail for renewDeadline', async (t) => {
  const clock = new FakeClock();
  const mem = new MemoryLease();
  const a = candidate(clock, mem, 'a');
  await a.le.start();
  await flush();
  mem.down = true;
  await clock.step(9_999);
  t.ok(a.le.isLeader(), 'still within the deadline');
  t.notOk(a.signal?.aborted);
  await clock.step(2_000);
  await a.le.done();
  t.notOk(a.le.isLeader());
  t.ok(a.signal?.aborted, 'work under leadership is told to stop');
  t.same(a.events, ['leader a', 'started', 'stopped']);
});

t.test('two candidates racing for a free Lease: exactly one wins', async (t) => {
  const clock = new FakeClock();
  const mem = new MemoryLease();
  const a = candidate(clock, mem, 'a');
  const b = candidate(clock, mem, 'b');
  await Promise.all([a.le.start(), b.le.start()]);
  await flush();
  t.equal([a, b].filter((c) => c.le.isLeader()).length, 1);
  await clock.step(20_000);
  t.equal([a, b].filter((c) => c.le.isLeader()).length, 1, 'and it stays that way');
  await Promise.all([a.le.stop(), b.le.stop()]);
});

t.test('stop is not held up by a request that never answers', async (t) => {
  const clock = new FakeClock();
  const hung: LeaseLock = {
    get: (signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    create: () => new Promise(() => {}),
    update: () => new Promise(() => {}),
  };
  const events: string[] = [];
  const le = new LeaderElector({
    lock: hung, namespace: 'n', name: 'l', identity: 'a', clock,
    callbacks: { onStartedLeading: () => void events.push('started'), onStoppedLeading: () => void events.push('stopped') },
  });
  await le.start();
  await flush();
  await le.stop();
  t.same(events, ['stopped']);
});

t.test('timing options are validated like client-go', async (t) => {
  const base = { lock: new MemoryLease().lock(), namespace: 'n', name: 'l', identity: 'a', callbacks: { onStartedLeading() {}, onStoppedLeading() {} } };
  // renewDeadline must be shorter than the lease, or two leaders could overlap
  t.throws(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }), TypeError);
  // the retry must fit (with jitter) inside the renew deadline
  t.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }), TypeError);
  t.throws(() => new LeaderElector({ ...base, identity: '' }), TypeError);
});

t.test('options passed as undefined keep their defaults', async (t) => {
  const clock = new FakeClock();
  const mem = new MemoryLease();
  const le = new LeaderElector({
    lock: mem.lock(), namespace: 'kube-system', name: 'lock', identity: 'me', clock, random: () => 0,
    leaseDurationMs: undefined, renewDeadlineMs: undefined, retryPeriodMs: undefined,
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
  });
  await le.start();
  await flush();
  t.equal(mem.lease?.spec?.leaseDurationSeconds, 15, 'the default 15 s lease, not NaN');
  await le.stop();
});
