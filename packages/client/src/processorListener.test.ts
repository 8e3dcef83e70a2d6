import t from 'tap';
import { flush } from './testing/fakeClock.js';
import { ProcessorListener } from './processorListener.js';

type Obj = { metadata: { name: string } };
const o = (name: string): Obj => ({ metadata: { name } });

t.test('delivers in order, one call at a time, async handlers awaited', async (t) => {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const l = new ProcessorListener<Obj>({
    onAdd: async (x) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await flush();
      log.push(`add ${x.metadata.name}`);
      inFlight--;
    },
    onUpdate: (a, b) => void log.push(`update ${a.metadata.name}->${b.metadata.name}`),
    onDelete: (x) => void log.push(`delete ${x.metadata.name}`),
  }, () => t.fail('no errors expected'));
  l.add({ type: 'add', obj: o('a'), initial: false });
  l.add({ type: 'update', old: o('a'), obj: o('a2') });
  l.add({ type: 'add', obj: o('b'), initial: false });
  l.add({ type: 'delete', obj: o('a2') });
  t.same(log, [], 'add never runs the handler synchronously');
  await l.idle();
  t.same(log, ['add a', 'update a->a2', 'add b', 'delete a2']);
  t.equal(maxInFlight, 1);
});

t.test('errors are reported and the pump goes on', async (t) => {
  const errors: string[] = [];
  const seen: string[] = [];
  const l = new ProcessorListener<Obj>({
    onAdd: (x) => {
      seen.push(x.metadata.name);
      if (x.metadata.name === 'bad') throw new Error('boom');
    },
  }, (err, d) => errors.push(`${(err as Error).message} on ${d.type}`));
  for (const n of ['a', 'bad', 'c']) l.add({ type: 'add', obj: o(n), initial: false });
  await l.idle();
  t.same(seen, ['a', 'bad', 'c']);
  t.same(errors, ['boom on add']);
});

t.test('hasSynced after the marked notifications were handled', async (t) => {
  const l = new ProcessorListener<Obj>({}, () => {});
  t.notOk(l.hasSynced(), 'not marked yet');
  l.add({ type: 'add', obj: o('a'), initial: true });
  l.markSynced();
  t.notOk(l.hasSynced(), 'initial add still buffered');
  await l.idle();
  t.ok(l.hasSynced());
});

t.test('stop drops the buffer and waits for the call in progress', async (t) => {
  let release!: () => void;
  const seen: string[] = [];
  const l = new ProcessorListener<Obj>({
    onAdd: async (x) => {
      seen.push(x.metadata.name);
      await new Promise<void>((r) => (release = r));
    },
  }, () => {});
  l.add({ type: 'add', obj: o('a'), initial: false });
  l.add({ type: 'add', obj: o('b'), initial: false });
  await flush();
  let stopped = false;
  const p = l.stop().then(() => (stopped = true));
  await flush();
  t.notOk(stopped, 'a is still running');
  release();
  await p;
  t.same(seen, ['a'], 'b was dropped');
  l.add({ type: 'add', obj: o('c'), initial: false });
  await l.idle();
  t.same(seen, ['a'], 'adds after stop are ignored');
});
