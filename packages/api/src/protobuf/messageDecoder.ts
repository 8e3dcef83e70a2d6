/**
 * Decodes one protobuf message into the JSON object kube would produce, driven by a schema table.
 *
 * Contract:
 * - Fields are emitted in wire order under their JSON names; int32/int64 become numbers, bools
 *   booleans, bytes base64, maps objects, wrappers their JSON form (./wrappers.ts).
 * - A zero scalar is dropped unless its table entry says `!` (see ./schema.ts); a message field on
 *   the wire is always emitted, as `{}` when empty, since kube writes non-pointer structs that way.
 * - Field numbers a table does not list are skipped, so messages and fields not covered by the
 *   tables simply do not appear in the output.
 * - A repeated message field appends; a singular message field seen twice merges, as protobuf
 *   specifies; a singular scalar seen twice keeps the last value.
 * - Repeated numeric scalars are accepted packed or unpacked.
 * - Malformed input (truncation, wrong wire type for a known field, nesting deeper than
 *   `maxDepth`) throws `WireError`.
 */
import { type FieldKind, type FieldSpec, type SchemaRegistry } from './schema.js';
import { base64, decodeWrapper } from './wrappers.js';
import { WireError, WireReader, WireType } from './wireReader.js';

const utf8 = new TextDecoder('utf-8');

export type JsonObject = Record<string, unknown>;

/** Deeper than any kube object; it only stops hostile input from exhausting the stack. */
export const maxDepth = 100;

export function decodeMessage(schemas: SchemaRegistry, message: string, bytes: Uint8Array): JsonObject {
  const out: JsonObject = {};
  decodeInto(out, schemas, message, bytes, 0);
  return out;
}

function decodeInto(out: JsonObject, schemas: SchemaRegistry, message: string, bytes: Uint8Array, depth: number): void {
  if (depth > maxDepth) throw new WireError(`proto: message nesting exceeds ${maxDepth} levels`, 0);
  const table = schemas.table(message);
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.tag();
    const spec = table.get(field);
    if (!spec) {
      r.skip(wireType, field);
      continue;
    }
    if (spec.inline) {
      expectWire(wireType, WireType.bytes, message, spec);
      decodeInto(out, schemas, spec.value.type, r.bytes(), depth + 1);
    } else if (spec.map) {
      expectWire(wireType, WireType.bytes, message, spec);
      const [key, value] = mapEntry(schemas, message, spec, r.bytes(), depth);
      const m = (out[spec.name] ??= {}) as JsonObject;
      m[key] = value;
    } else if (spec.repeated) {
      const list = (out[spec.name] ??= []) as unknown[];
      if (wireType === WireType.bytes && isVarintScalar(spec.value)) {
        const packed = new WireReader(r.bytes());
        while (!packed.done) list.push(varintScalar(packed, spec.value.type));
      } else list.push(readValue(r, wireType, schemas, message, spec, depth));
    } else if (spec.value.kind === 'message') {
      expectWire(wireType, WireType.bytes, message, spec);
      const prior = out[spec.name];
      const target = typeof prior === 'object' && prior !== null ? (prior as JsonObject) : {};
      decodeInto(target, schemas, spec.value.type, r.bytes(), depth + 1);
      out[spec.name] = target;
    } else {
      const v = readValue(r, wireType, schemas, message, spec, depth);
      if (v === undefined || (!spec.keepZero && isZero(v))) delete out[spec.name];
      else out[spec.name] = v;
    }
  }
}

function readValue(r: WireReader, wireType: number, schemas: SchemaRegistry, message: string, spec: FieldSpec, depth: number): unknown {
  const v = spec.value;
  if (isVarintScalar(v)) {
    expectWire(wireType, WireType.varint, message, spec);
    return varintScalar(r, v.type);
  }
  expectWire(wireType, WireType.bytes, message, spec);
  return bytesValue(schemas, v, r.bytes(), depth);
}

function bytesValue(schemas: SchemaRegistry, v: FieldKind, bytes: Uint8Array, depth: number): unknown {
  switch (v.kind) {
    case 'scalar':
      return v.type === 'bytes' ? base64(bytes) : utf8.decode(bytes);
    case 'wrapper':
      return decodeWrapper(v.type, bytes);
    case 'message': {
      const out: JsonObject = {};
      decodeInto(out, schemas, v.type, bytes, depth + 1);
      return out;
    }
  }
}

/** A map entry is a message {key = 1, value = 2}; either may be absent and then is its zero. */
function mapEntry(schemas: SchemaRegistry, message: string, spec: FieldSpec, bytes: Uint8Array, depth: number): [string, unknown] {
  let key = '';
  let value: unknown;
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      expectWire(wireType, WireType.bytes, message, spec);
      key = r.string();
    } else if (field === 2) value = readValue(r, wireType, schemas, message, spec, depth);
    else r.skip(wireType, field);
  }
  return [key, value ?? bytesValue(schemas, spec.value, new Uint8Array(0), depth) ?? null];
}

function isVarintScalar(v: FieldKind): v is { kind: 'scalar'; type: 'bool' | 'int32' | 'int64' } {
  return v.kind === 'scalar' && (v.type === 'bool' || v.type === 'int32' || v.type === 'int64');
}

function varintScalar(r: WireReader, type: 'bool' | 'int32' | 'int64'): boolean | number | bigint {
  return type === 'bool' ? r.bool() : type === 'int32' ? r.int32() : r.int64();
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function expectWire(got: number, want: number, message: string, spec: FieldSpec): void {
  if (got !== want) throw new WireError(`proto: wrong wireType = ${got} for field ${spec.name || spec.value.type} of ${message}`, 0);
}
