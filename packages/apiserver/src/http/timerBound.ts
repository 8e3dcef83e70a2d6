/**
 * Timers set from what a client sends (a watch's `timeoutSeconds`) are clamped to what Node's
 * timers can hold: setTimeout takes at most 2^31-1 ms (about 24.8 days) and treats anything
 * larger as 1 ms, so an unclamped `timeoutSeconds=2147484` would end a watch at once.
 * kube keeps the full duration (a Go time.Duration); a watch of 24.8 days is the same to a client,
 * which re-watches when a stream ends anyway.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go (timeout from TimeoutSeconds)
 */

/** The longest delay Node's setTimeout honours. */
export const maxTimerMs = 2 ** 31 - 1;

/** `seconds` as a setTimeout delay, clamped to [0, maxTimerMs]. */
export function timerMs(seconds: number): number {
  const ms = seconds * 1000;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), maxTimerMs) : maxTimerMs;
}
