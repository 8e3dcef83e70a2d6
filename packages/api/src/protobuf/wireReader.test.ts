import t from 'tap';
import { concat, pb, varintBytes } from '../testing/protobufEncoder.js';
import { WireError, WireReader } from './wireReader.js';

const reader = (...parts: Uint8Array[]) => new WireReader(concat(...parts));

t.test('varints decode as int32, int64 and bool', async (t) => {
  const cases = [
    { name: 'zero', given: 0, int32: 0, int64: 0, bool: false },
    { name: 'one byte, largest', given: 127, int32: 127, int64: 127, bool: true },
    // 128 is the first value that needs a continuation byte.
    { name: 'two bytes, smallest', given: 128, int32: 128, int64: 128, bool: true },
    { name: 'int32 max', given: 2 ** 31 - 1, int32: 2 ** 31 - 1, int64: 2 ** 31 - 1, bool: true },
    // Bit 31 set: the fifth byte straddles the two 32-bit halves.
    { name: '2^31 (crosses into the high word)', given: 2 ** 31, int32: -(2 ** 31), int64: 2 ** 31, bool: true },
    // Negative int32s are sign-extended to ten bytes on the wire.
    { name: '-1 (ten bytes)', given: -1, int32: -1, int64: -1, bool: true },
    { name: 'int32 min', given: -(2 ** 31), int32: -(2 ** 31), int64: -(2 ** 31), bool: true },
    { name: '2^32 (low word zero)', given: 2 ** 32, int32: 0, int64: 2 ** 32, bool: true },
    { name: 'largest exact int64', given: 2 ** 53 - 1, int32: -1, int64: 2 ** 53 - 1, bool: true },
    { name: 'negative beyond int32', given: -(2 ** 40) - 5, int32: -5, int64: -(2 ** 40) - 5, bool: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const bytes = varintBytes(c.given);
      t.equal(new WireReader(bytes).int32(), c.int32, 'int32');
      t.equal(new WireReader(bytes).int64(), c.int64, 'int64');
      t.equal(new WireReader(bytes).bool(), c.bool, 'bool');
      const r = new WireReader(bytes);
      r.varint();
      t.ok(r.done, 'consumes exactly the varint');
    });
  }
});

t.test('tags, strings and byte views', async (t) => {
  const r = reader(pb.string(3, 'héllo'), pb.varint(2000, 7), pb.bytes(1, Uint8Array.of(1, 2)));
  t.same(r.tag(), { field: 3, wireType: 2 });
  t.equal(r.string(), 'héllo');
  t.same(r.tag(), { field: 2000, wireType: 0 });
  t.equal(r.int32(), 7);
  t.same(r.tag(), { field: 1, wireType: 2 });
  t.same([...r.bytes()], [1, 2]);
  t.ok(r.done);
});

t.test('a reader over a sub-range stops at its end', async (t) => {
  const buf = concat(pb.varint(1, 5), pb.varint(2, 6));
  const r = new WireReader(buf, 0, 2);
  t.same(r.tag(), { field: 1, wireType: 0 });
  t.equal(r.int32(), 5);
  t.ok(r.done, 'the second field lies outside the range');
});

t.test('skip passes over every wire type', async (t) => {
  const cases = [
    { name: 'varint', given: pb.varint(9, -1) },
    { name: 'fixed64', given: pb.fixed64(9) },
    { name: 'length-delimited', given: pb.string(9, 'skipped') },
    { name: 'fixed32', given: pb.fixed32(9) },
    // Groups are deprecated and never sent by kube, but a reader must still step over them.
    { name: 'group with nested fields', given: pb.group(9, pb.varint(1, 3), pb.group(2, pb.string(1, 'x'))) },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = reader(c.given, pb.varint(1, 42));
      const first = r.tag();
      r.skip(first.wireType, first.field);
      t.same(r.tag(), { field: 1, wireType: 0 }, 'lands on the next field');
      t.equal(r.int32(), 42);
    });
  }
});

t.test('skipping groups nested a million deep does not exhaust the stack', async (t) => {
  const depth = 1_000_000;
  const bytes = concat(new Uint8Array(depth).fill(0x0b), new Uint8Array(depth).fill(0x0c), pb.varint(2, 1));
  const r = new WireReader(bytes);
  const first = r.tag();
  r.skip(first.wireType, first.field);
  t.same(r.tag(), { field: 2, wireType: 0 });
});

t.test('malformed input throws WireError', async (t) => {
  const cases = [
    // The varint's last byte still has its continuation bit set.
    { name: 'truncated varint', given: Uint8Array.of(0x08, 0x80), read: (r: WireReader) => (r.tag(), r.varint()), want: 'unexpected EOF' },
    // Eleven continuation bytes: no 64-bit value is that long.
    { name: 'varint longer than ten bytes', given: new Uint8Array(11).fill(0x80), read: (r: WireReader) => r.varint(), want: 'proto: integer overflow' },
    // The length prefix promises five bytes, two follow.
    { name: 'length past the end', given: Uint8Array.of(0x0a, 0x05, 0x61, 0x62), read: (r: WireReader) => (r.tag(), r.bytes()), want: 'unexpected EOF' },
    // Field number 0 is reserved.
    { name: 'field number zero', given: Uint8Array.of(0x00), read: (r: WireReader) => r.tag(), want: 'proto: illegal tag 0 (wire type 0)' },
    // Wire types 6 and 7 do not exist.
    { name: 'wire type 7', given: Uint8Array.of(0x0f), read: (r: WireReader) => { const x = r.tag(); r.skip(x.wireType, x.field); }, want: 'proto: illegal wireType 7' },
    // An end-group tag with no group open.
    { name: 'stray end group', given: Uint8Array.of(0x0c), read: (r: WireReader) => { const x = r.tag(); r.skip(x.wireType, x.field); }, want: 'proto: illegal wireType 4' },
    { name: 'group never closed', given: concat(Uint8Array.of(0x0b), pb.varint(1, 1)), read: (r: WireReader) => { const x = r.tag(); r.skip(x.wireType, x.field); }, want: 'unexpected EOF' },
    { name: 'group closed by another field number', given: Uint8Array.of(0x0b, 0x14), read: (r: WireReader) => { const x = r.tag(); r.skip(x.wireType, x.field); }, want: 'proto: group 1 ended by group 2' },
    { name: 'fixed64 cut short', given: Uint8Array.of(0x09, 1, 2, 3), read: (r: WireReader) => (r.tag(), r.fixed64()), want: 'unexpected EOF' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const e = catchError(() => c.read(new WireReader(c.given)));
      t.type(e, WireError);
      t.equal(e?.message, c.want);
    });
  }
});

function catchError(fn: () => unknown): Error | undefined {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}
