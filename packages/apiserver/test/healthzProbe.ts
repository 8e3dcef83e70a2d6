/**
 * Test helper: polls /healthz back to back until stopped and keeps the worst latency, to show
 * that long work (a watch burst, a big list, a deletecollection, compaction) never holds the
 * event loop. Runs in the test process, which is also the server's: a blocked loop delays it.
 */
import http from 'node:http';

export interface HealthzProbe {
  /** Stops polling; resolves with the worst latency seen (ms). */
  stop(): Promise<number>;
  /** Probes answered so far. */
  count(): number;
  /** The worst latency so far (ms). */
  worst(): number;
}

export function healthzProbe(url: string, everyMs = 10): HealthzProbe {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let worst = 0;
  let n = 0;
  let running = true;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(`${url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            worst = Math.max(worst, performance.now() - t0);
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
  };
}
