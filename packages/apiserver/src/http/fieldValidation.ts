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
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go
 * (fieldValidation, addStrictDecodingWarnings), apimachinery/pkg/util/net/http.go (NewWarningHeader)
 */
import { BadRequest, type ResourceInfo } from '@miniplane/api';
import type { Definitions } from '@miniplane/api/openapi/index';
import { dropUnknownFields, strictDecodingMessage, unknownFieldText, validateUnknownFields } from '@miniplane/api/openapi/index';
import { patchedDocumentText, strictPatchError } from '@miniplane/api/patch/patchErrors';
import { goSprint } from '@miniplane/api/patch/goFormat';
import type { FastifyReply } from 'fastify';
import type { PatchKind } from './body.js';
import { str, type Query } from './query.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** The directive a request asked for (writeManager refuses unsupported ones); kube's default is Warn. */
export function fieldValidationOf(q: Query): FieldValidation {
  const v = str(q, 'fieldValidation');
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
}

/**
 * Create and update: drops the unknown fields of a freshly decoded body (mutated in place).
 * Strict throws kube's 400 instead; returns the warnings to send.
 */
export function rejectUnknownFields(info: ResourceInfo, directive: FieldValidation, obj: unknown, defs: Readonly<Definitions>): string[] {
  const unknown = dropUnknownFields(info, obj, defs);
  if (!unknown.length) return [];
  if (directive === 'Strict') throw new BadRequest(strictDecodingMessage(info, unknown));
  return directive === 'Warn' ? unknown.map(unknownFieldText) : [];
}

/**
 * JSON, merge and strategic merge patches: drops the unknown fields of the patched object
 * (`patched`, the patch module's fresh result, mutated in place). Strict throws kube's 422 naming
 * the patched document (JSON and merge patches) or the patch (strategic); returns the warnings.
 */
export function rejectUnknownPatchedFields(
  info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, directive: FieldValidation, kind: PatchKind, patch: unknown, patched: unknown,
  defs: Readonly<Definitions>,
): string[] {
  // kube reports them sorted: its JSON patch library marshals the maps it touched with sorted
  // keys, and the strategic path sorts the paths it collects.
  if (directive !== 'Strict') {
    const unknown = dropUnknownFields(info, patched, defs).sort();
    return directive === 'Warn' ? unknown.map(unknownFieldText) : [];
  }
  const unknown = validateUnknownFields(info, patched, defs).sort();
  if (unknown.length) throw strictPatchError(kind === 'strategic' ? goSprint(patch) : patchedDocumentText(patched), unknown);
  return [];
}

/** kube's Warning headers: `299 - "text"` with `"` and `\` escaped, one header per warning. */
export function addWarnings(reply: FastifyReply, warnings: string[]): void {
  if (!warnings.length) return;
  // Header values travel as bytes: send the UTF-8 of the text, control characters as spaces.
  const values = warnings.map((w) => Buffer.from(`299 - "${w.replace(/["\\]/g, '\\$&')}"`.replace(/[\x00-\x1f\x7f]/g, ' '), 'utf8').toString('latin1'));
  void reply.header('Warning', values);
}
