import t from 'tap';
import { RateLimitingWorkQueue, type LogFn } from '@miniplane/client';
import { FakeClock, flush } from '@miniplane/client/testing';
import { describe, runWorker } from './workerLoop.js';

function setup(failures: number, maxRetries = 15) {
  const clock = new FakeClock();
  const queue = new RateLimitingWorkQueue<string>({ clock });
  const calls: number[] = [];
  const warnings: string[] = [];
  const warn: LogFn = (_f, msg) => void warnings.push(msg);
  const noop: LogFn = () => {};
  const worker = runWorker({
    queue, maxRetries,
    logger: { debug: noop, info: noop, warn, error: noop },
    sync: async () => {
      calls.push(clock.now());
      if (calls.length <= failures) throw new Error(`failure ${calls.length}`);
    },
  });
  return { clock, queue, calls, warnings, worker };
}

t.test('a failing key is retried with back-off, then forgotten on success', async (t) => {
  const { clock, queue, calls, worker } = setup(2);
  queue.add('k');
  await clock.step(1000);
  t.same(calls, [0, 5, 15], 'retries after 5 ms, then 10 ms more (exponential)');
  t.equal(queue.numRequeues('k'), 0, 'success forgets the back-off');
  queue.shutDown();
  await worker;
});

t.test('after maxRetries the key is dropped and the drop is logged', async (t) => {
  const { clock, queue, calls, warnings, worker } = setup(Infinity, 2);
  queue.add('k');
  await clock.step(10_000);
  t.equal(calls.length, 3, 'the first try and two retries');
  t.same(warnings, ['sync failed; retry budget spent, dropping the key']);
  t.equal(queue.numRequeues('k'), 0);
  queue.shutDown();
  await worker;
});

t.test('the loop ends when the queue shuts down', async (t) => {
  const { queue, worker } = setup(0);
  queue.shutDown();
  await flush();
  await t.resolves(worker);
});

t.test('describe spells out an AggregateError', async (t) => {
  t.equal(describe(new AggregateError([new Error('a'), 'b'], 'two failed')), 'two failed; a; b');
});
