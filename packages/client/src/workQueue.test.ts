import t from 'tap';
import { WorkQueue } from './workQueue.js';
import { flush } from './testing/fakeClock.js';

t.test('add deduplicates while queued', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  q.add('a'); // already dirty and queued: no second entry
  t.equal(q.len(), 2);
  t.equal(await q.get(), 'a');
  t.equal(await q.get(), 'b');
  t.equal(q.len(), 0);
});

t.test('a key is never handed to two workers at once', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  const first = await q.get();
  q.add('a'); // re-add during processing only marks dirty
  t.equal(q.len(), 0, 'not queued while processing');
  let second: string | undefined;
  void q.get().then((x) => (second = x));
  await flush();
  t.equal(second, undefined, 'second worker still blocked');
  q.done(first!);
  await flush();
  t.equal(second, 'a', 'runs again after done');
});

t.test('done without re-add does not requeue', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.done((await q.get())!);
  t.equal(q.len(), 0);
});

t.test('done for an item not in processing is a no-op', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.done('a'); // 'a' is queued, not processing: must stay queued exactly once
  t.equal(q.len(), 1);
});

t.test('blocked workers are served in FIFO order', async (t) => {
  const q = new WorkQueue();
  const got: string[] = [];
  void q.get().then((x) => got.push(`w1:${x}`));
  void q.get().then((x) => got.push(`w2:${x}`));
  q.add('a');
  q.add('b');
  await flush();
  t.same(got, ['w1:a', 'w2:b']);
});

t.test('shutDown: adds ignored, queued items still handed out, then undefined', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.shutDown();
  q.add('b'); // ignored after shut down
  t.ok(q.shuttingDown());
  t.equal(await q.get(), 'a');
  t.equal(await q.get(), undefined);
});

t.test('shutDown releases blocked workers', async (t) => {
  const q = new WorkQueue();
  const p = q.get();
  q.shutDown();
  t.equal(await p, undefined);
});

t.test('shutDownWithDrain waits for in-flight and queued items', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  const a = (await q.get())!;
  q.add('a'); // dirty during processing: must also be drained
  let drained = false;
  void q.shutDownWithDrain().then(() => (drained = true));
  await flush();
  t.notOk(drained, 'a is in flight');
  q.done(a);
  t.equal(await q.get(), 'b');
  t.equal(await q.get(), 'a', 'the re-added a came back');
  q.done('b');
  await flush();
  t.notOk(drained, 'a still in flight');
  q.done('a');
  await flush();
  t.ok(drained);
  t.equal(await q.get(), undefined);
});

t.test('shutDownWithDrain on an idle queue resolves at once', async (t) => {
  const q = new WorkQueue();
  await q.shutDownWithDrain();
  t.pass();
});

t.test('shutDown after shutDownWithDrain stops waiting', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  await q.get();
  const p = q.shutDownWithDrain();
  q.shutDown();
  await p;
  t.pass('resolved without done');
});

t.test('concurrent workers process each key once per add', async (t) => {
  const q = new WorkQueue();
  const active = new Set<string>();
  const counts = new Map<string, number>();
  let overlaps = 0;
  const worker = async (): Promise<void> => {
    for (let k = await q.get(); k !== undefined; k = await q.get()) {
      if (active.has(k)) overlaps++;
      active.add(k);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      await flush();
      active.delete(k);
      q.done(k);
    }
  };
  const workers = [worker(), worker(), worker()];
  for (let i = 0; i < 30; i++) q.add(`k${i % 5}`);
  await flush();
  await q.shutDownWithDrain();
  await Promise.all(workers);
  t.equal(overlaps, 0);
  t.same([...counts.keys()].sort(), ['k0', 'k1', 'k2', 'k3', 'k4']);
});
