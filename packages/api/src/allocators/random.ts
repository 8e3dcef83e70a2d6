/**
 * Random sources for the allocators.
 *
 * Contract: a `RandomSource` returns a float in [0, 1), like Math.random. Allocators never pick
 * one themselves; the caller passes `Math.random` in production and `seededRandom(n)` in tests,
 * so every run of a test allocates the same values.
 */

export type RandomSource = () => number;

/**
 * A small, fast, seeded generator (mulberry32). Deterministic for a given seed; not for crypto.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) for n ≥ 1, robust to a source that returns exactly 1 or junk. */
export function randomIndex(random: RandomSource, n: number): number {
  const i = Math.floor(random() * n);
  return i >= 0 && i < n ? i : i >= n ? n - 1 : 0;
}
