/**
 * The one worker loop every controller here runs (client-go's processNextWorkItem).
 *
 * Contract: take a key; `sync(key)`; on success forget its back-off; on failure re-add it rate
 * limited while it has been requeued fewer than `maxRetries` times, else log, forget and drop it.
 * `done(key)` always follows, so a key re-added during its sync runs again afterwards. The loop
 * ends when the queue is shut down and drained. `sync` errors never escape.
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go (processNextWorkItem, handleErr)
 */
import type { Logger, RateLimitingQueue } from '@miniplane/client';

/** client-go's usual budget: 5 ms · 2^14 ≈ 82 s before the last try. */
export const defaultMaxRetries = 15;

export interface WorkerOptions {
  queue: RateLimitingQueue<string>;
  sync(key: string): Promise<void>;
  logger: Logger;
  maxRetries?: number;
}

export async function runWorker(o: WorkerOptions): Promise<void> {
  const maxRetries = o.maxRetries ?? defaultMaxRetries;
  for (;;) {
    const key = await o.queue.get();
    if (key === undefined) return;
    try {
      await o.sync(key);
      o.queue.forget(key);
    } catch (err: unknown) {
      const fields = { key, err: describe(err), retries: o.queue.numRequeues(key) };
      if (o.queue.numRequeues(key) < maxRetries) {
        o.logger.debug(fields, 'sync failed; retrying');
        o.queue.addRateLimited(key);
      } else {
        o.logger.warn(fields, 'sync failed; retry budget spent, dropping the key');
        o.queue.forget(key);
      }
    } finally {
      o.queue.done(key);
    }
  }
}

/** An error's message, with an AggregateError's parts spelled out. */
export function describe(err: unknown): string {
  if (err instanceof AggregateError) return [err.message, ...err.errors.map(describe)].join('; ');
  return err instanceof Error ? err.message : String(err);
}

/** `count` workers (at least one) over one queue: kube's `--concurrent-*-syncs`; the queue never hands one key to two at once. */
export function startWorkers(count: number, o: WorkerOptions): Promise<void>[] {
  return Array.from({ length: Math.max(1, count) }, () => runWorker(o));
}
