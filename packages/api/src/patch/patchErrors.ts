/**
 * The statuses kube-apiserver answers bad patches with that have no class of their own in
 * `../errors.ts`. They are built on `ApiError` so the HTTP layer renders them like any other.
 *
 * Contract: each factory returns an `ApiError` whose `toStatus()` is byte-for-byte what kube sends;
 * where kube hides the underlying reason (JSON patch application failures), it is kept on `cause`
 * for logs only.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (applyJSPatch,
 * interpretStrategicMergePatchError), staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go
 * (NewGenericServerResponse, NewRequestEntityTooLargeError), endpoints/handlers/responsewriters/status.go
 */
import { ApiError, BadRequest, Invalid } from '../errors.js';
import { field } from '../fieldError.js';
import { strictDecodingError } from '../openapi/unknownFields.js';
import { isPlainObject } from '../types.js';
import { goSprint, goTypeName } from './goFormat.js';

/**
 * A JSON patch that decoded but could not be applied (failed `test`, missing path, bad index):
 * kube answers NewGenericServerResponse(422), which says nothing about the actual cause.
 */
export function patchNotApplied(detail: string): ApiError {
  const err = new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  err.cause = new Error(detail);
  return err;
}

/**
 * An error kube's patch code returns as a plain Go error (e.g. a missing merge key): the status
 * writer turns it into a 500 with reason Unknown (omitted) and the raw text as message.
 */
export function unclassifiedPatchError(message: string): ApiError {
  return new ApiError(500, '', message);
}

export function tooManyJsonPatchOperations(max: number, got: number): ApiError {
  return new ApiError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: The allowed maximum operations in a JSON patch is ${max}, got ${got}`,
  );
}

/** mergepatch's sentinel errors that interpretStrategicMergePatchError maps to 400. */
export const smpBadRequest = {
  primitiveList: () => new BadRequest('invalid patch format of primitive list'),
  retainKeys: () => new BadRequest('invalid patch format of retainKeys'),
  setElementOrder: () => new BadRequest('invalid patch format of setElementOrder list'),
};

/** mergepatch.ErrNoListOfLists: kube maps it to its generic 422. */
export function noListOfLists(): ApiError {
  return patchNotApplied('lists of lists are not supported');
}

/** mergepatch.ErrNoMergeKey (a 500 in kube). */
export function noMergeKey(m: unknown, key: string): ApiError {
  return unclassifiedPatchError(`map: ${goSprint(m)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadArgType; `expected` is a Go type name such as `map[string]interface {}`. */
export function badArgType(expected: string, actual: unknown): ApiError {
  return unclassifiedPatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

/** mergepatch.ErrBadPatchType: a `$patch` value that is not a known directive here. */
export function badPatchType(directive: unknown, m: unknown): ApiError {
  return unclassifiedPatchError(`unknown patch type: ${goSprint(directive)} in map: ${goSprint(m)}`);
}

/**
 * fieldValidation=Strict refusing a JSON, merge or strategic merge patch whose result has fields
 * the kind does not declare: kube's Invalid with no kind or name, one cause on field `patch`
 * whose value is the patched document (JSON and merge patches, see `patchedDocumentText`) or the
 * patch map as `%+v` (strategic merge patches, see `goSprint`).
 */
export function strictPatchError(value: string, unknown: string[]): Invalid {
  const err = new Invalid({ group: '', kind: '' }, '', [field.invalid('patch', value, strictDecodingError(unknown))]);
  delete err.details?.name; // Go omits the empty name and kind
  delete err.details?.kind;
  return err;
}

/**
 * The patched document as kube's JSON patch library marshals it: its own top-level map, so the
 * top-level keys are sorted, with Go's HTML escaping. Nested objects keep the stored order (kube
 * keeps the bytes of untouched subtrees, in its Go struct order, which is not reproduced here).
 */
export function patchedDocumentText(doc: unknown): string {
  const top = isPlainObject(doc) ? Object.fromEntries(Object.keys(doc).sort().map((k) => [k, doc[k]])) : doc;
  return JSON.stringify(top).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
