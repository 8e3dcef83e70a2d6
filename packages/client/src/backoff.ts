/**
 * Backoff: capped exponential delays for reconnect loops.
 *
 * Contract: `next()` returns initial, initial·factor, … capped at `maxMs`; `reset()` starts over
 * (call it after a success). Deterministic: no jitter, time is the caller's business.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/wait/backoff.go (exponential backoff manager)
 */

export interface BackoffOptions {
  /** First delay (default 1000 ms). */
  initialMs?: number;
  /** Cap (default 30 000 ms). */
  maxMs?: number;
  /** Growth per failure (default 2). */
  factor?: number;
}

export class Backoff {
  private readonly initial: number;
  private readonly max: number;
  private readonly factor: number;
  private current: number;

  constructor(opts: BackoffOptions = {}) {
    this.initial = opts.initialMs ?? 1000;
    this.max = opts.maxMs ?? 30_000;
    this.factor = opts.factor ?? 2;
    this.current = this.initial;
  }

  next(): number {
    const d = Math.min(this.current, this.max);
    this.current = Math.min(this.current * this.factor, this.max);
    return d;
  }

  reset(): void {
    this.current = this.initial;
  }
}
