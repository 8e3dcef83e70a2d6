/**
 * A tiny protobuf encoder for tests only: the repository decodes protobuf but never writes it, so
 * the decoder tests build their inputs with these. Field helpers return encoded bytes and compose
 * by concatenation; `envelope` wraps an object's bytes the way kube's serializer does.
 *
 * Contract: proto2 encoding as Go's generated marshallers write it (negative ints as 10-byte
 * two's-complement varints). Nothing here validates; it writes exactly what it is told.
 */
import { protobufMagic } from '../protobuf/envelope.js';

type Int = number | bigint;

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function varintBytes(value: Int | boolean): Uint8Array {
  let v = BigInt.asUintN(64, typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Uint8Array.from(out);
}

const tag = (field: number, wireType: number) => varintBytes((field << 3) | wireType);
const utf8 = new TextEncoder();

export const pb = {
  varint: (field: number, value: Int | boolean) => concat(tag(field, 0), varintBytes(value)),
  bytes: (field: number, value: Uint8Array) => concat(tag(field, 2), varintBytes(value.length), value),
  string: (field: number, value: string) => pb.bytes(field, utf8.encode(value)),
  message: (field: number, ...parts: Uint8Array[]) => pb.bytes(field, concat(...parts)),
  packed: (field: number, values: Int[]) => pb.bytes(field, concat(...values.map((v) => varintBytes(v)))),
  fixed32: (field: number) => concat(tag(field, 5), new Uint8Array(4)),
  fixed64: (field: number) => concat(tag(field, 1), new Uint8Array(8)),
  group: (field: number, ...inner: Uint8Array[]) => concat(tag(field, 3), ...inner, tag(field, 4)),
  /** A map<string, V>: one entry message {key = 1, value = 2} per pair. */
  map: (field: number, entries: Record<string, Uint8Array | string>) =>
    concat(...Object.entries(entries).map(([k, v]) => pb.message(field, pb.string(1, k), typeof v === 'string' ? pb.string(2, v) : pb.bytes(2, v)))),
};

/** meta/v1 Time and MicroTime: {seconds = 1, nanos = 2}. */
export const timestamp = (seconds: Int, nanos = 0) => concat(pb.varint(1, seconds), nanos ? pb.varint(2, nanos) : new Uint8Array(0));
export const quantity = (s: string) => pb.string(1, s);
export const intOrString = (v: number | string) => (typeof v === 'number' ? concat(pb.varint(1, 0), pb.varint(2, v)) : concat(pb.varint(1, 1), pb.string(3, v)));

export interface MetaOverrides {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** ObjectMeta as Go writes it: every string field present even when empty, an empty creationTimestamp. */
export function objectMeta(o: MetaOverrides = {}): Uint8Array {
  return concat(
    pb.string(1, o.name ?? 'demo'),
    pb.string(2, ''),
    pb.string(3, o.namespace ?? ''),
    pb.string(4, ''),
    pb.string(5, ''),
    pb.string(6, ''),
    pb.varint(7, 0),
    pb.message(8),
    pb.map(11, o.labels ?? {}),
  );
}

export function envelope(apiVersion: string, kind: string, raw: Uint8Array, o: { contentEncoding?: string } = {}): Uint8Array {
  return concat(
    protobufMagic,
    pb.message(1, pb.string(1, apiVersion), pb.string(2, kind)),
    pb.bytes(2, raw),
    pb.string(3, o.contentEncoding ?? ''),
    pb.string(4, ''),
  );
}

export const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
