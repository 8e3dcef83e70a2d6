/**
 * The `fieldValidation` query parameter on create and update. `Strict` (what kubectl sends by
 * default) rejects a body carrying fields the kind's schema does not declare, with kube's
 * strict-decoding BadRequest; `Warn` (kube's default) and `Ignore` accept the body as sent.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go (strict decoding)
 */
import { BadRequest, type ResourceInfo } from '@miniplane/api';
import { strictDecodingMessage, validateUnknownFields } from '@miniplane/api/openapi/index';
import { str, type Query } from './query.js';

export function rejectUnknownFields(info: ResourceInfo, q: Query, obj: unknown): void {
  if (str(q, 'fieldValidation') !== 'Strict') return;
  const unknown = validateUnknownFields(info, obj);
  if (unknown.length) throw new BadRequest(strictDecodingMessage(info, unknown));
}
