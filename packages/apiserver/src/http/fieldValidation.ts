/**
 * The `fieldValidation` parameter: what a write does with fields the kind's schema does not
 * declare. kube drops them from what it stores in every case; the directive says what else:
 * - `Strict` (what kubectl sends by default): the write is refused. Create and update: kube's
 *   strict-decoding 400 (`ConfigMap in version "v1" cannot be handled as a ConfigMap: strict
 *   decoding error: unknown field "bogus"`); JSON, merge and strategic merge patches: a 422
 *   Invalid on field `patch` (see strictPatchError).
 * - `Warn` (the default when the parameter is absent, for every verb): one `Warning: 299 -
 *   "unknown field \"bogus\""` header per field, and the write goes on.
 * - `Ignore`: nothing is said.
 * Server-side apply is not governed by it: an undeclared field there is the field manager's 500
 * (`failed to create typed patch object ...: field not declared in schema`) whatever it says.
 * Not reproduced: duplicate-field detection (`duplicate field "x"`); the last value wins.
 * This module reads the directive and sends the warnings; the checks themselves are pure and
 * live with the registry (registry/objectChecks.ts), which runs them on patched objects too.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go
 * (fieldValidation, addStrictDecodingWarnings), apimachinery/pkg/util/net/http.go (NewWarningHeader)
 */
import type { FastifyReply } from 'fastify';
import type { FieldValidation } from '../registry/objectChecks.js';
import { str, type Query } from './query.js';

/** The directive a request asked for (writeManager refuses unsupported ones); kube's default is Warn. */
export function fieldValidationOf(q: Query): FieldValidation {
  const v = str(q, 'fieldValidation');
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
}

/** kube's Warning headers: `299 - "text"` with `"` and `\` escaped, one header per warning. */
export function addWarnings(reply: FastifyReply, warnings: string[]): void {
  if (!warnings.length) return;
  // Header values travel as bytes: send the UTF-8 of the text, control characters as spaces.
  const values = warnings.map((w) => Buffer.from(`299 - "${w.replace(/["\\]/g, '\\$&')}"`.replace(/[\x00-\x1f\x7f]/g, ' '), 'utf8').toString('latin1'));
  void reply.header('Warning', values);
}
