/**
 * A protobuf wire-format reader over one byte range: tags, varints, fixed 32/64-bit values,
 * length-delimited slices, and skipping of fields nobody asked for.
 *
 * Contract: pure and allocation-light. Every read is bounds-checked; running off the end or meeting
 * a malformed varint throws `WireError` (the caller turns it into a kube BadRequest). Varints are
 * read as two 32-bit halves so int64 values keep their sign; `int64()` is a number within ±2^53
 * and an exact bigint beyond (as the JSON reader keeps it).
 * Upstream: https://protobuf.dev/programming-guides/encoding/
 *
 *   tag = (fieldNumber << 3) | wireType
 *   wireType 0 varint · 1 fixed64 · 2 length-delimited · 3/4 group start/end · 5 fixed32
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

/** Malformed wire data; `offset` is where the reader was when it gave up. */
export class WireError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'WireError';
  }
}

/** A varint split into its low and high 32 bits (both unsigned). */
export interface Varint {
  lo: number;
  hi: number;
}

const utf8 = new TextDecoder('utf-8');

export class WireReader {
  private pos: number;
  private readonly end: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  get offset(): number {
    return this.pos;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wireType: number } {
    const v = this.varint();
    // Field numbers are at most 2^29-1, so the whole tag fits the low word.
    if (v.hi !== 0 || v.lo >>> 3 === 0) throw new WireError(`proto: illegal tag ${v.lo >>> 3} (wire type ${v.lo & 7})`, this.pos);
    return { field: v.lo >>> 3, wireType: v.lo & 7 };
  }

  varint(): Varint {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new WireError('proto: integer overflow', this.pos);
  }

  /** int32 is sign-extended to 10 bytes on the wire; only the low word counts. */
  int32(): number {
    return this.varint().lo | 0;
  }

  /** Two's-complement int64: a JS number within ±2^53, else an exact bigint. */
  int64(): number | bigint {
    return toInt64(this.varint());
  }

  bool(): boolean {
    const v = this.varint();
    return v.lo !== 0 || v.hi !== 0;
  }

  fixed32(): Uint8Array {
    return this.take(4);
  }

  fixed64(): Uint8Array {
    return this.take(8);
  }

  /** A length-delimited payload, as a view into the buffer (not a copy). */
  bytes(): Uint8Array {
    const v = this.varint();
    if (v.hi !== 0 || v.lo > this.end - this.pos) throw new WireError('unexpected EOF', this.pos);
    return this.take(v.lo);
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** Skips one field's value of the given wire type (groups included, though kube never sends them). */
  skip(wireType: number, field: number): void {
    switch (wireType) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        this.take(8);
        return;
      case WireType.bytes:
        this.bytes();
        return;
      case WireType.fixed32:
        this.take(4);
        return;
      case WireType.startGroup: {
        // Iterative, with a stack of open groups: hostile nesting must not exhaust the JS stack.
        const open = [field];
        while (open.length > 0) {
          if (this.done) throw new WireError('unexpected EOF', this.pos);
          const t = this.tag();
          if (t.wireType === WireType.startGroup) open.push(t.field);
          else if (t.wireType === WireType.endGroup) {
            const expected = open.pop();
            if (t.field !== expected) throw new WireError(`proto: group ${expected} ended by group ${t.field}`, this.pos);
          } else this.skip(t.wireType, t.field);
        }
        return;
      }
      default:
        throw new WireError(`proto: illegal wireType ${wireType}`, this.pos);
    }
  }

  private byte(): number {
    if (this.pos >= this.end) throw new WireError('unexpected EOF', this.pos);
    return this.buf[this.pos++]!;
  }

  private take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw new WireError('unexpected EOF', this.pos);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

export function toInt64(v: Varint): number | bigint {
  const hi = v.hi | 0;
  // |value| <= 2^53: the arithmetic on the halves is exact.
  if (hi >= -0x200000 && hi < 0x200000) return hi * 2 ** 32 + (v.lo >>> 0);
  return BigInt.asIntN(64, (BigInt(v.hi >>> 0) << 32n) | BigInt(v.lo >>> 0));
}
