/**
 * AllocationBitmap: which offsets in [0, max) are taken, and how a free one is picked.
 *
 * Contract
 * - An offset is either free or used; `used()` always equals the number of set bits.
 * - `allocate(o)` / `release(o)` are idempotent and report whether they changed anything.
 * - `allocateNext()` uses the KEP-3070 / KEP-3668 band strategy:
 *
 *       0              bandOffset                                   max
 *       |---- static ----|------------------ dynamic -----------------|
 *        lower band        upper band: picked first
 *
 *   pick a random start in the upper band, scan forward wrapping inside that band; only when
 *   the upper band is full, do the same in the lower band. Users who choose their own value
 *   are steered to the lower band, so they rarely collide with automatic ones.
 * - Randomness only comes from the injected `random`; the same seed gives the same sequence.
 * - No I/O. Not thread-safe (JS has no threads here); the caller serialises writes.
 *
 * Storage is a Uint32Array of 32-bit words. A scan reads a word at a time and skips full ones,
 * so one allocation in a nearly full /12 (2^20 offsets) reads at most 32,768 words, and two
 * counters (used in each band) let a full band be skipped without reading it at all.
 *
 * Snapshot bytes use kube's RangeAllocation.data format (big.Int.Bytes(): big-endian, offset 0
 * is the lowest bit of the last byte, no leading zero bytes), so a dump reads like kube's.
 *
 * Upstream: pkg/registry/core/service/allocator/bitmap.go (randomScanStrategyWithOffset)
 */
import { randomIndex, type RandomSource } from './random.js';

export interface AllocationBitmapOptions {
  /** Number of offsets; valid offsets are [0, max). */
  max: number;
  /** Size of the static (lower) band, [0, bandOffset). 0 disables the split. Clamped to max. */
  bandOffset?: number;
  /** Float in [0, 1). Pass Math.random in production, seededRandom(n) in tests. */
  random: RandomSource;
}

/** Kube's RangeAllocation: the range text (CIDR or port range) plus `snapshot()` bytes. */
export interface RangeSnapshot {
  range: string;
  data: Uint8Array;
}

const FULL = 0xffffffff;

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export class AllocationBitmap {
  readonly max: number;
  readonly bandOffset: number;
  private readonly random: RandomSource;
  private readonly words: Uint32Array;
  private count = 0;
  /** Used offsets below bandOffset; the rest of `count` is in the upper band. */
  private lowerCount = 0;

  constructor(opts: AllocationBitmapOptions) {
    if (!Number.isSafeInteger(opts.max) || opts.max < 0) throw new RangeError(`invalid bitmap size ${opts.max}`);
    this.max = opts.max;
    this.bandOffset = Math.min(Math.max(0, Math.floor(opts.bandOffset ?? 0)), this.max);
    this.random = opts.random;
    this.words = new Uint32Array(Math.ceil(this.max / 32));
  }

  /** True if `offset` is an integer in [0, max). */
  inRange(offset: number): boolean {
    return Number.isInteger(offset) && offset >= 0 && offset < this.max;
  }

  has(offset: number): boolean {
    if (!this.inRange(offset)) return false;
    return (this.words[offset >>> 5] & (1 << (offset & 31))) !== 0;
  }

  /** Marks `offset` used. Returns false if it already was. Throws RangeError outside [0, max). */
  allocate(offset: number): boolean {
    if (!this.inRange(offset)) throw new RangeError(`offset ${offset} out of range [0,${this.max})`);
    if (this.has(offset)) return false;
    this.set(offset);
    return true;
  }

  /** Picks and marks a free offset with the band strategy; undefined when every offset is used. */
  allocateNext(): number | undefined {
    if (this.count >= this.max) return undefined;
    const lo = this.bandOffset;
    let found = -1;
    if (this.count - this.lowerCount < this.max - lo) found = this.scanBand(lo, this.max);
    // Why the fallback exists at all: the static band is only a preference. Once the dynamic
    // band is exhausted, automatic allocation must still succeed while anything is free.
    if (found < 0 && this.lowerCount < lo) found = this.scanBand(0, lo);
    if (found < 0) return undefined; // unreachable while the counters are right
    this.set(found);
    return found;
  }

  /** Marks `offset` free. Returns false if it was not used; out-of-range offsets are a no-op. */
  release(offset: number): boolean {
    if (!this.has(offset)) return false;
    this.words[offset >>> 5] &= ~(1 << (offset & 31));
    this.count--;
    if (offset < this.bandOffset) this.lowerCount--;
    return true;
  }

  free(): number {
    return this.max - this.count;
  }

  used(): number {
    return this.count;
  }

  /** Calls fn for every used offset, ascending. Do not mutate the bitmap from fn. */
  forEach(fn: (offset: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w];
      while (word !== 0) {
        const bit = lowestBit(word);
        fn((w << 5) + bit);
        word &= word - 1;
      }
    }
  }

  /** Used offsets, ascending. */
  offsets(): number[] {
    const out: number[] = [];
    this.forEach((o) => out.push(o));
    return out;
  }

  /** State as kube RangeAllocation.data bytes (big-endian big integer, bit i = offset i). */
  snapshot(): Uint8Array {
    let top = this.words.length - 1;
    while (top >= 0 && this.words[top] === 0) top--;
    if (top < 0) return new Uint8Array(0);
    const highestBit = (top << 5) + 31 - Math.clz32(this.words[top]);
    const len = (highestBit >>> 3) + 1;
    const out = new Uint8Array(len);
    for (let b = 0; b < len; b++) {
      out[len - 1 - b] = (this.words[b >>> 2] >>> ((b & 3) * 8)) & 0xff;
    }
    return out;
  }

  /**
   * Replaces the whole state with `data` (the format of `snapshot()`; leading zero bytes are
   * accepted). Throws RangeError, leaving the bitmap untouched, if a set bit lies at or past max.
   */
  restore(data: Uint8Array): void {
    const words = new Uint32Array(this.words.length);
    for (let b = 0; b < data.length; b++) {
      const byte = data[data.length - 1 - b];
      if (byte === 0) continue;
      const highest = b * 8 + 31 - Math.clz32(byte);
      if (highest >= this.max) throw new RangeError(`snapshot marks offset ${highest}, past the range size ${this.max}`);
      words[b >>> 2] |= byte << ((b & 3) * 8);
    }
    this.load(words);
  }

  /** Replaces the whole state with exactly these used offsets. Throws RangeError on a bad one. */
  restoreOffsets(offsets: Iterable<number>): void {
    const words = new Uint32Array(this.words.length);
    for (const o of offsets) {
      if (!this.inRange(o)) throw new RangeError(`offset ${o} out of range [0,${this.max})`);
      words[o >>> 5] |= 1 << (o & 31);
    }
    this.load(words);
  }

  private load(words: Uint32Array): void {
    this.words.set(words);
    let count = 0;
    for (let w = 0; w < words.length; w++) count += popcount(words[w]);
    this.count = count;
    let lower = 0;
    for (let o = 0; o < this.bandOffset; o++) if (this.has(o)) lower++;
    this.lowerCount = lower;
  }

  private set(offset: number): void {
    this.words[offset >>> 5] |= 1 << (offset & 31);
    this.count++;
    if (offset < this.bandOffset) this.lowerCount++;
  }

  /** A free offset in [lo, hi): scan forward from a random start, wrapping once. -1 if none. */
  private scanBand(lo: number, hi: number): number {
    const start = lo + randomIndex(this.random, hi - lo);
    const found = this.findClear(start, hi);
    return found >= 0 ? found : this.findClear(lo, start);
  }

  /** The lowest free offset in [from, to), or -1. Reads whole words and skips full ones. */
  private findClear(from: number, to: number): number {
    if (from >= to) return -1;
    const words = this.words;
    const last = (to - 1) >>> 5;
    let w = from >>> 5;
    // Free bits of the first word, ignoring those below `from`.
    let free = ~words[w] & (FULL << (from & 31));
    for (;;) {
      if (w === last) {
        const endBits = to - (w << 5); // 1..32 bits of this word are inside the range
        if (endBits < 32) free &= (1 << endBits) - 1;
        return free === 0 ? -1 : (w << 5) + lowestBit(free);
      }
      if (free !== 0) return (w << 5) + lowestBit(free);
      w++;
      while (w < last && words[w] === FULL) w++;
      free = ~words[w];
    }
  }
}
