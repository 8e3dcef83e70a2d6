import t from 'tap';
import { NotFound, type KubeObject } from '@miniplane/api';
import { deepFreeze } from '@miniplane/client';
import { FakeClock } from '@miniplane/client/testing';
import { EventRecorder, type CoreEvent, type EventSink } from './eventRecorder.js';

/** A sink that records every write and keeps the Events, like a tiny apiserver. */
function recordingSink(): EventSink & { calls: string[]; stored: Map<string, CoreEvent>; failNext?: Error } {
  const stored = new Map<string, CoreEvent>();
  const calls: string[] = [];
  const sink = {
    calls,
    stored,
    failNext: undefined as Error | undefined,
    async create(ev: CoreEvent) {
      calls.push(`create ${ev.metadata.namespace}/${ev.metadata.name}`);
      if (sink.failNext) throw sink.failNext;
      stored.set(`${ev.metadata.namespace}/${ev.metadata.name}`, structuredClone(ev));
      return ev;
    },
    async patch(ns: string, name: string, p: Pick<CoreEvent, 'count' | 'lastTimestamp'> & { message?: string }) {
      calls.push(`patch ${ns}/${name} count=${p.count}`);
      const ev = stored.get(`${ns}/${name}`);
      if (!ev) throw new NotFound({ group: '', resource: 'events' }, name);
      Object.assign(ev, p);
      return ev;
    },
  };
  return sink;
}

const svc = deepFreeze({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion: '7' } }) as KubeObject;
const ipa = deepFreeze({ apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress', metadata: { name: '10.96.0.9', uid: 'u2' } }) as KubeObject;
const start = Date.UTC(2026, 0, 1, 12, 0, 0);

/** The sub-millisecond digits of Event names come from here: 0.5 → 500000 ns. */
const half = () => 0.5;

function setup(cacheSize?: number) {
  const clock = new FakeClock({ now: start });
  const sink = recordingSink();
  const rec = new EventRecorder({ sink, component: 'ipallocator-repair-controller', host: 'node-a', clock, cacheSize, random: half });
  return { clock, sink, rec };
}

t.test('an Event carries kube fields and is named <object>.<hex nanoseconds>', async (t) => {
  const { sink, rec } = setup();
  await rec.event(svc, 'Warning', 'ClusterIPNotAllocated', 'Cluster IP [IPv4]: 10.96.0.9 is not allocated; repairing');
  const name = `web.${(BigInt(start) * 1_000_000n + 500_000n).toString(16)}`;
  t.same(sink.calls, [`create prod/${name}`]);
  t.same(sink.stored.get(`prod/${name}`), {
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'prod' },
    involvedObject: { kind: 'Service', namespace: 'prod', name: 'web', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' },
    reason: 'ClusterIPNotAllocated', message: 'Cluster IP [IPv4]: 10.96.0.9 is not allocated; repairing', type: 'Warning',
    source: { component: 'ipallocator-repair-controller', host: 'node-a' }, count: 1,
    firstTimestamp: '2026-01-01T12:00:00Z', lastTimestamp: '2026-01-01T12:00:00Z',
    reportingComponent: 'ipallocator-repair-controller', reportingInstance: 'node-a',
  });
});

t.test('a repeat is one patch of count and lastTimestamp, not a new Event', async (t) => {
  const { clock, sink, rec } = setup();
  await rec.event(svc, 'Warning', 'R', 'same');
  clock.advance(90_000);
  await rec.event(svc, 'Warning', 'R', 'same');
  await rec.event(svc, 'Warning', 'R', 'same');
  t.equal(sink.calls.length, 3);
  t.match(sink.calls, [/^create /, /^patch .* count=2$/, /^patch .* count=3$/]);
  const [ev] = [...sink.stored.values()];
  t.match(ev, { count: 3, firstTimestamp: '2026-01-01T12:00:00Z', lastTimestamp: '2026-01-01T12:01:30Z' });
});

t.test('another message, reason or object is another Event', async (t) => {
  const { sink, rec } = setup();
  await rec.event(svc, 'Warning', 'R', 'one');
  await rec.event(svc, 'Warning', 'R', 'two');
  await rec.event(svc, 'Warning', 'S', 'two');
  await rec.event(svc, 'Normal', 'S', 'two');
  t.equal(sink.calls.filter((c) => c.startsWith('create')).length, 4);
  t.equal(new Set(sink.calls).size, 4, 'names are distinct even within one millisecond');
});

t.test('a cluster-scoped object gets its Events in default', async (t) => {
  const { sink, rec } = setup();
  await rec.event(ipa, 'Warning', 'IPAddressNotAllocated', 'x');
  t.match(sink.calls, [/^create default\/10\.96\.0\.9\./]);
});

t.test('a repeat of an Event that has gone creates it again', async (t) => {
  const { sink, rec } = setup();
  await rec.event(svc, 'Warning', 'R', 'm');
  sink.stored.clear(); // expired by the server's event TTL, say
  await rec.event(svc, 'Warning', 'R', 'm');
  t.match(sink.calls, [/^create /, /^patch .* count=2$/, /^create /]);
});

t.test('a failed write is dropped, never thrown', async (t) => {
  const { sink, rec } = setup();
  sink.failNext = new Error('connection refused');
  await t.resolves(rec.event(svc, 'Warning', 'R', 'm'));
  sink.failNext = undefined;
  await rec.event(svc, 'Warning', 'R', 'm');
  t.match(sink.calls, [/^create /, /^create /], 'nothing was remembered from the failed write');
});

t.test('the de-duplication memory is an LRU', async (t) => {
  const { sink, rec } = setup(1);
  await rec.event(svc, 'Warning', 'R', 'a');
  await rec.event(svc, 'Warning', 'R', 'b'); // evicts a
  await rec.event(svc, 'Warning', 'R', 'a');
  t.match(sink.calls, [/^create /, /^create /, /^create /]);
});

t.test('writes are serialised in call order', async (t) => {
  const { sink, rec } = setup();
  await Promise.all([rec.event(svc, 'Warning', 'R', 'm'), rec.event(svc, 'Warning', 'R', 'm'), rec.event(svc, 'Warning', 'R', 'm')]);
  t.match(sink.calls, [/^create /, /count=2$/, /count=3$/], 'no duplicate creates from concurrent calls');
});

t.test('similar Events are combined and spam dropped, as client-go correlates them', async (t) => {
  const { sink, rec } = setup();
  await Promise.all(Array.from({ length: 40 }, (_, i) => rec.event(svc, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`)));
  const creates = [...sink.stored.values()];
  t.equal(creates.length, 10, '9 Events as themselves and one combined');
  t.match(creates.at(-1), { message: '(combined from similar events): Created pod: web-24', count: 16 }, 'each one counted and its message taken, as kube patches');
  t.equal(sink.calls.length, 25, 'the 26th to the 40th are never written');
});
