/**
 * Test helper: polls /healthz back to back until stopped and keeps the latencies, to show that
 * long work (a watch burst, a big list, a deletecollection, compaction) never holds the event
 * loop. Runs in the test process, which is also the server's: a blocked loop delays it.
 * The machine is shared (load 8 on 2 cores is common): an idle event loop alone then sees
 * ~60 ms stalls, so tests bound the 95th percentile by the figure and the worst case by
 * a generous one (the freezes being fixed were seconds to minutes).
 */
import http from 'node:http';

export interface HealthzProbe {
  /** Stops polling; resolves with the worst latency seen (ms). */
  stop(): Promise<number>;
  /** Probes answered so far. */
  count(): number;
  /** The worst latency so far (ms). */
  worst(): number;
  /** The p-th percentile of the latencies so far (ms). */
  percentile(p: number): number;
}

export function healthzProbe(url: string, everyMs = 10): HealthzProbe {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let worst = 0;
  let n = 0;
  const all: number[] = [];
  let running = true;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(`${url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            const ms = performance.now() - t0;
            worst = Math.max(worst, ms);
            all.push(ms);
            n++;
            resolve();
          });
        })
        .on('error', reject);
    });
  const loop = (async () => {
    while (running) {
      await once();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      agent.destroy();
      return worst;
    },
    count: () => n,
    worst: () => worst,
    percentile: (p) => {
      const sorted = [...all].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    },
  };
}
