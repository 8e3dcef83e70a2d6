/**
 * Clock: the one seam through which every client component reads time and waits.
 *
 * Contract: `now()` is milliseconds since the epoch; `setTimer(ms, fn)` calls `fn` once after at
 * least `ms` unless cancelled first. Nothing in this package calls `Date.now()` or `setTimeout`
 * directly, so tests drive time with `FakeClock` and never sleep.
 * Upstream: k8s.io/utils/clock/clock.go (Clock, Timer).
 */

export interface Timer {
  /** Stops the timer; a no-op once it has fired. */
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): Timer;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const h = setTimeout(fn, Math.max(0, ms));
    // A pending back-off or resync timer must never keep the process alive on its own.
    h.unref?.();
    return { cancel: () => clearTimeout(h) };
  },
};

/**
 * Waits `ms` on `clock`. Resolves `true` when the time elapsed and `false` as soon as `signal`
 * aborts (never rejects), so loops can write `if (!(await sleep(...))) return`.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
