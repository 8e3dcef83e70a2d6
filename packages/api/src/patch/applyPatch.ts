/**
 * The one entry point the apiserver's PATCH handler calls: decode the body as kube does, apply
 * it with the right algorithm, return the patched object.
 *
 * Contract: `applyPatch(kind, patchType, original, patchBody)` never mutates `original` or
 * `patchBody` and returns a fresh object. `patchBody` is either the already-parsed JSON value or
 * the raw body (`string` / `Uint8Array`, UTF-8), which is parsed here so syntax errors carry Go's
 * wording. Errors follow kube-apiserver's default field validation (Warn, which kubectl's Strict
 * shares for these messages):
 * - json:      body errors → 400 `error decoding patch: ...`; > 10000 ops → 413; an operation
 *              that cannot be applied → 422 `the server rejected our request due to an error in our request`.
 * - merge:     body errors → 400 `error decoding patch: ...`; a null body → 400 `Invalid JSON Patch`.
 * - strategic: body errors → 400 with Go's decode text; directive misuse → 400/422/500 exactly as
 *              interpretStrategicMergePatchError classifies them (see strategicMergePatch.ts).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (applyJSPatch,
 * strategicPatchObject, applyPatchToObject)
 */
import { BadRequest } from '../errors.js';
import { isPlainObject } from '../types.js';
import { GoJsonSyntaxError, goJsonKind, parseGoJson } from './goJsonText.js';
import { applyJsonPatch, decodeJsonPatch } from './jsonPatch.js';
import type { JsonMap } from './jsonValue.js';
import { mergePatch } from './mergePatch.js';
import { patchMetaFor, type Schema } from './patchMeta.js';
import { strategicMergePatch } from './strategicMergePatch.js';

export type PatchType = 'json' | 'merge' | 'strategic';

/** The Content-Type kube maps to each patch type (types.PatchType). */
export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

const utf8 = new TextDecoder();

/** Parses a raw body; `prefix` is what kube puts before a decode error for this patch type. */
function decodeBody(patchBody: unknown, prefix: string): unknown {
  if (typeof patchBody !== 'string' && !(patchBody instanceof Uint8Array)) return patchBody;
  const text = typeof patchBody === 'string' ? patchBody : utf8.decode(patchBody);
  try {
    return parseGoJson(text);
  } catch (e: unknown) {
    if (e instanceof GoJsonSyntaxError) throw new BadRequest(prefix + e.message);
    throw e;
  }
}

/** `meta`: the kind's strategic-merge metadata (a server passes its scheme's; default: the built-in kind's). */
export function applyPatch(kind: string, patchType: PatchType, original: unknown, patchBody: unknown, meta?: Schema): unknown {
  switch (patchType) {
    case 'json': {
      const ops = decodeJsonPatch(decodeBody(patchBody, 'error decoding patch: '));
      return applyJsonPatch(original, ops);
    }
    case 'merge': {
      const body = decodeBody(patchBody, 'error decoding patch: ');
      if (body === null) throw new BadRequest('Invalid JSON Patch');
      if (!isPlainObject(body)) {
        throw new BadRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
      }
      return mergePatch(isPlainObject(original) ? original : {}, body);
    }
    case 'strategic': {
      const body = decodeBody(patchBody, '');
      if (body !== null && !isPlainObject(body)) {
        throw new BadRequest(`json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
      }
      return strategicMergePatch(original, body as JsonMap | null, meta ?? patchMetaFor(kind));
    }
    default:
      throw new BadRequest(`${String(patchType)}: unimplemented patch type`);
  }
}
