/**
 * Test helper: starts httpReaders.mjs (N GETs of a URL, read and discarded, in another process,
 * as curl clients would be) and follows its progress. Killed at teardown.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Tap } from './harness.js';

export interface Readers {
  received(): number;
  ended(): number;
  /** Resolves once `n` responses ended (rejects after `ms`). */
  allEnded(n: number, ms?: number): Promise<void>;
  kill(): void;
}

export function startReaders(t: Tap, url: string, n: number): Readers {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./httpReaders.mjs', import.meta.url)), url, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let last = { received: 0, ended: 0 };
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      last = JSON.parse(buf.slice(0, i)) as typeof last;
      buf = buf.slice(i + 1);
    }
  });
  return {
    received: () => last.received,
    ended: () => last.ended,
    async allEnded(want, ms = 30_000) {
      const end = Date.now() + ms;
      while (last.ended < want) {
        if (Date.now() > end) throw new Error(`${last.ended} of ${want} responses ended`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
