/**
 * Kube's protobuf envelope: the 4-byte magic `k8s\0`, then a runtime.Unknown message
 *
 *   Unknown { typeMeta = 1 { apiVersion = 1, kind = 2 }, raw = 2, contentEncoding = 3, contentType = 4 }
 *
 * whose `raw` holds the object's own message.
 *
 * Contract: returns the envelope's parts, `raw` as a view into the input; throws `WireError` when
 * the bytes are not an envelope. It does not look inside `raw`.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go,
 * pkg/runtime/generated.proto
 */
import { WireError, WireReader, WireType } from './wireReader.js';

/** `k8s\0`, printed the way Go prints a byte slice in kube's error message. */
export const protobufMagic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= protobufMagic.length && protobufMagic.every((b, i) => body[i] === b);
}

/** Opens the envelope of a body that starts with the magic (check `hasProtobufMagic` first). */
export function openEnvelope(body: Uint8Array): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = new WireReader(body, protobufMagic.length);
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field >= 1 && field <= 4 && wireType !== WireType.bytes) throw new WireError(`proto: wrong wireType = ${wireType} for field ${field} of Unknown`, r.offset);
    switch (field) {
      case 1:
        readTypeMeta(r.bytes(), env);
        break;
      case 2:
        env.raw = r.bytes();
        break;
      case 3:
        env.contentEncoding = r.string();
        break;
      case 4:
        env.contentType = r.string();
        break;
      default:
        r.skip(wireType, field);
    }
  }
  return env;
}

function readTypeMeta(bytes: Uint8Array, env: Envelope): void {
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.tag();
    if ((field === 1 || field === 2) && wireType !== WireType.bytes) throw new WireError(`proto: wrong wireType = ${wireType} for field ${field} of TypeMeta`, r.offset);
    if (field === 1) env.apiVersion = r.string();
    else if (field === 2) env.kind = r.string();
    else r.skip(wireType, field);
  }
}
