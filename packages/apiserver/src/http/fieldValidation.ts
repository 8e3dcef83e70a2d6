/**
 * The `fieldValidation` query parameter on create and update. `Strict` (what kubectl sends by
 * default) rejects a body carrying fields the kind's schema does not declare, with kube's
 * strict-decoding BadRequest; `Warn` (kube's default) and `Ignore` drop those fields, as kube's
 * decoder does, and the object is stored without them.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go (strict decoding)
 */
import { BadRequest, type ResourceInfo } from '@miniplane/api';
import { dropUnknownFields, strictDecodingMessage, validateUnknownFields } from '@miniplane/api/openapi/index';
import { str, type Query } from './query.js';

/** Strict: throws on unknown fields. Otherwise drops them from `obj` (a freshly decoded body). */
export function rejectUnknownFields(info: ResourceInfo, q: Query, obj: unknown): void {
  if (str(q, 'fieldValidation') !== 'Strict') {
    dropUnknownFields(info, obj);
    return;
  }
  const unknown = validateUnknownFields(info, obj);
  if (unknown.length) throw new BadRequest(strictDecodingMessage(info, unknown));
}
