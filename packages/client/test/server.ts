/**
 * Test harness: a real in-memory apiserver on 127.0.0.1:0 per test, torn down with the test.
 * Needs `@miniplane/apiserver` as a devDependency of @miniplane/client.
 */
import type { Test } from 'tap';
import { startServer, type RunningServer } from '@miniplane/apiserver';
import { resolveResource, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { RestClient } from '../src/restClient.js';
import type { ResourceClient } from '../src/resourceClient.js';
import type { ListerWatcher } from '../src/reflector.js';

export interface Harness {
  server: RunningServer;
  client: RestClient;
  res<T extends KubeObject = KubeObject>(name: string, namespace?: string): ResourceClient<T>;
}

export async function startTestServer(t: Test): Promise<Harness> {
  const server = await startServer({ listen: '127.0.0.1:0', inMemory: true });
  const client = new RestClient({ config: { server: server.url } });
  t.teardown(async () => {
    client.close();
    await server.close();
  });
  return {
    server,
    client,
    res: <T extends KubeObject>(name: string, namespace?: string) => client.resource<T>(info(name), namespace),
  };
}

export function info(name: string): ResourceInfo {
  const r = resolveResource(name);
  if (!r) throw new Error(`unknown resource ${name}`);
  return r;
}

/** Resolves when `cond()` holds, polling every 10 ms; rejects after `ms`. */
export async function eventually(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Wraps a real ListerWatcher so a test can cut the watch connection (client side) and hold
 * the reconnect until it has changed the server — the way a network partition would.
 */
export function cuttable<T extends KubeObject>(lw: ListerWatcher<T>): { lw: ListerWatcher<T>; cut(): void; resume(): void; calls: string[] } {
  let cutter = new AbortController();
  let gate: Promise<void> = Promise.resolve();
  let open = (): void => {};
  const calls: string[] = [];
  return {
    calls,
    cut() {
      gate = new Promise((r) => (open = r));
      cutter.abort();
    },
    resume: () => open(),
    lw: {
      list: (o) => (calls.push('list'), lw.list(o)),
      watch: (o) => ({
        async *[Symbol.asyncIterator]() {
          await gate;
          calls.push(`watch@${o.resourceVersion ?? ''}`);
          cutter = new AbortController();
          const mine = cutter;
          const signal = o.signal ? AbortSignal.any([o.signal, mine.signal]) : mine.signal;
          yield* lw.watch({ ...o, signal });
          if (mine.signal.aborted && !o.signal?.aborted) throw new Error('connection cut by test');
        },
      }),
    },
  };
}
