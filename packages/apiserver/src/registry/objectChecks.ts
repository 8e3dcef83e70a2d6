/**
 * The checks a write's object is held to before the registry's strategy sees it, the same for a
 * decoded body and a patched object: apiVersion/kind against the URL's kind, Go's JSON types
 * against the scheme's definitions, and the unknown fields the `fieldValidation` directive
 * governs (see http/fieldValidation.ts for the directive and kube's words). Pure: no HTTP, no I/O;
 * each throws kube's Status error or returns the warnings to send.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go,
 * apimachinery/pkg/runtime/serializer/json (strict decoding)
 */
import { BadRequest, apiVersionOf, type ResourceInfo } from '@miniplane/api';
import { dropUnknownFields, firstTypeError, strictDecodingMessage, unknownFieldText, validateUnknownFields, type Definitions } from '@miniplane/api/openapi/index';
import { patchedDocumentText, strictPatchError } from '@miniplane/api/patch/patchErrors';
import { goSprint } from '@miniplane/api/patch/goFormat';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

/** What a write does with fields the kind's schema does not declare. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/**
 * Refuses values of the wrong JSON type (a number label, a string port) as Go's decoder would,
 * so nothing a kube client cannot read back is ever stored.
 */
export function checkJsonTypes(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, data: unknown, defs?: Readonly<Definitions>): void {
  const err = firstTypeError(info, data, defs);
  if (err) throw new BadRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${err}`);
}

/** apiVersion/kind in a body must match the URL's (absent is accepted and filled in). */
export function checkTypeMeta(info: ResourceInfo, data: Record<string, unknown>): void {
  const want = apiVersionOf(info);
  if (typeof data.apiVersion === 'string' && data.apiVersion !== '' && data.apiVersion !== want) {
    throw new BadRequest(`the API version in the data (${data.apiVersion}) does not match the expected API version (${want})`);
  }
  if (typeof data.kind === 'string' && data.kind !== '' && data.kind !== info.kind) {
    const v = typeof data.apiVersion === 'string' && data.apiVersion ? data.apiVersion.split('/').pop() : info.version;
    throw new BadRequest(`${data.kind} in version "${v}" cannot be handled as a ${info.kind}: the kind in the data (${data.kind}) does not match the expected kind (${info.kind})`);
  }
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
