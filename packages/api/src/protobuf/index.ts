/**
 * Request bodies in Kubernetes protobuf (`application/vnd.kubernetes.protobuf`), decoded into the
 * JSON object kube would have received as JSON. kubectl's typed clients (create configmap,
 * namespace, deployment, service, ...) send this; responses stay JSON, which they also accept.
 *
 * Contract: pure, no I/O. `decodeKubeProtobuf` returns the envelope's apiVersion and kind and the
 * object with those two set first. Only the kinds of the given scheme's protobuf side decode (the
 * built-in kinds by default); fields the tables do not
 * cover are skipped, not rejected. Every failure is a `BadRequest` worded as kube words it.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go
 */
import { BadRequest } from '../errors.js';
import { hasProtobufMagic, openEnvelope, protobufMagic, type Envelope } from './envelope.js';
import { builtinProtobuf } from '../kinds/index.js';
import type { ProtobufKinds } from '../scheme/scheme.js';
import { decodeMessage } from './messageDecoder.js';
import { WireError } from './wireReader.js';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

export function decodeKubeProtobuf(body: Uint8Array, kinds: ProtobufKinds = builtinProtobuf()): DecodedObject {
  if (!hasProtobufMagic(body)) {
    throw new BadRequest(`provided data does not appear to be a protobuf message, expected prefix [${protobufMagic.join(' ')}]`);
  }
  const env = guard(() => openEnvelope(body));
  const { apiVersion, kind } = env;
  if (!kind) throw new BadRequest(`Object 'Kind' is missing in '${goTypeMeta(env)}'`);
  if (env.contentEncoding) throw new BadRequest(`unsupported protobuf content encoding ${JSON.stringify(env.contentEncoding)}`);
  const message = kinds.message(apiVersion, kind);
  if (!message) {
    throw new BadRequest(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`);
  }
  const fields = guard(() => decodeMessage(kinds.tables, message, env.raw));
  const object: Record<string, unknown> = {};
  if (apiVersion) object.apiVersion = apiVersion;
  object.kind = kind;
  Object.assign(object, fields);
  return { apiVersion, kind, object };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof WireError) throw new BadRequest(e.message);
    throw e;
  }
}

function goTypeMeta(env: Envelope): string {
  return `runtime.TypeMeta{APIVersion:${JSON.stringify(env.apiVersion)}, Kind:${JSON.stringify(env.kind)}}`;
}
