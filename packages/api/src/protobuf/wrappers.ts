/**
 * The JSON forms of kube's wrapper messages and of raw bytes, as kube's JSON encoding writes them.
 *
 *   Time        {seconds = 1, nanos = 2}  → "2006-01-02T15:04:05Z" (second precision, UTC)
 *   MicroTime   {seconds = 1, nanos = 2}  → "2006-01-02T15:04:05.000000Z"
 *   Quantity    {string = 1}              → the string as sent (kube would canonicalize it)
 *   IntOrString {type = 1, intVal = 2, strVal = 3} → a number (type 0) or a string (type 1)
 *   FieldsV1    {Raw = 1}                 → the JSON document Raw holds
 *   bytes                                 → standard base64 with padding
 *
 * Contract: a Time/MicroTime sent as an empty message is Go's zero time, which kube's JSON writes as
 * null; it comes back `undefined` so the caller omits it. Everything else always has a value.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/{time,micro_time,time_proto}.go,
 * pkg/util/intstr/intstr.go, pkg/api/resource/quantity_proto.go
 */
import { parseGoJson } from '../patch/goJsonText.js';
import { WireError, WireReader, WireType } from './wireReader.js';
import type { WrapperType } from './schema.js';

export function decodeWrapper(type: WrapperType, bytes: Uint8Array): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      if (bytes.length === 0) return undefined;
      const { seconds, nanos } = readTimestamp(bytes);
      return type === 'Time' ? formatTime(seconds) : formatTime(seconds, Math.floor(nanos / 1000));
    }
    case 'Quantity':
      return readFields(bytes, { 1: 'string' })[1] ?? '0';
    case 'IntOrString': {
      const f = readFields(bytes, { 1: 'int', 2: 'int', 3: 'string' });
      return f[1] === 1 ? (f[3] ?? '') : (f[2] ?? 0);
    }
    case 'FieldsV1': {
      const raw = readFields(bytes, { 1: 'string' })[1];
      if (raw === undefined || raw === '') return undefined;
      try {
        return parseGoJson(raw as string);
      } catch {
        throw new WireError('proto: FieldsV1 does not hold a JSON document', 0);
      }
    }
  }
}

function readTimestamp(bytes: Uint8Array): { seconds: number; nanos: number } {
  const f = readFields(bytes, { 1: 'int', 2: 'int' });
  return { seconds: (f[1] as number | undefined) ?? 0, nanos: (f[2] as number | undefined) ?? 0 };
}

/** Reads a tiny fixed message: field number → 'int' (varint, as int64) or 'string'. Others skipped. */
function readFields(bytes: Uint8Array, shape: Record<number, 'int' | 'string'>): Record<number, number | string> {
  const out: Record<number, number | string> = {};
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.tag();
    const want = shape[field];
    if (want === 'int' && wireType === WireType.varint) out[field] = Number(r.int64());
    else if (want === 'string' && wireType === WireType.bytes) out[field] = r.string();
    else if (want) throw new WireError(`proto: wrong wireType = ${wireType} for field ${field}`, r.offset);
    else r.skip(wireType, field);
  }
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** RFC3339 in UTC; with `micros`, six fractional digits (Go's RFC3339Micro). */
export function formatTime(seconds: number, micros?: number): string {
  const d = new Date(seconds * 1000);
  const year = d.getUTCFullYear();
  // Go refuses to marshal years outside [0,9999]; so does kube's JSON encoding.
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new WireError(`timestamp ${seconds} is outside of years 0-9999`, 0);
  const date = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micros === undefined ? `${date}T${time}Z` : `${date}T${time}.${pad(micros, 6)}Z`;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63]! : '=';
  }
  return out;
}
